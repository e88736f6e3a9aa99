package dev.parley.conversation.engine;

/** One earlier message as the model sees it: {@code user} (the contact) or {@code assistant} (bot or agent). */
public record ChatTurn(String role, String content) {
}
