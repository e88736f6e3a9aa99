package dev.parley.bot.service.bots;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.Map;

/**
 * The Tiledesk templates a bot can start from. A template is only a starting document: what the request
 * sends is merged over it.
 */
@ApplicationScoped
public class BotTemplates {

    private static final String BLANK = """
            {"behaviors": {
               "greeting": {"enabled": true, "message": "Hello! How can I help you today?"},
               "fallback": {"enabled": true, "message": "I'm not sure I understand. Could you rephrase that?", "maxRetries": 2}
            }}""";

    private static final String HANDOFF = """
            {"behaviors": {
               "greeting": {"enabled": true, "message": "Hello! How can I help you today?"},
               "fallback": {"enabled": true, "message": "I'm not sure I understand. Could you rephrase that?", "maxRetries": 2},
               "handoff": {"enabled": true, "triggers": ["agent", "human", "operator"],
                           "message": "I'll connect you with a human agent. Please wait a moment."}
            }}""";

    private static final String EXAMPLE = """
            {"language": "en",
             "behaviors": {
               "greeting": {"enabled": true, "message": "Hi! I'm the example assistant. What would you like to do?",
                            "buttons": [{"title": "Ask a question"}, {"title": "Talk to a human"}]},
               "fallback": {"enabled": true, "message": "Sorry, I didn't get that. Pick an option or rephrase.",
                            "buttons": [{"title": "Talk to a human"}], "maxRetries": 2},
               "handoff": {"enabled": true, "triggers": ["agent", "human", "talk to a human"],
                           "message": "I'll connect you with a human agent. Please wait a moment."},
               "offlineMessage": {"enabled": true, "message": "We're offline right now; leave a message and we'll get back to you."}
             },
             "capabilities": {"textResponses": true, "functionCalling": false}
            }""";

    private static final Map<String, String> TEMPLATES = Map.of("blank", BLANK, "handoff", HANDOFF, "example", EXAMPLE);

    private final ObjectMapper json;

    public BotTemplates(ObjectMapper json) {
        this.json = json;
    }

    /** The starting document for {@code name}; no template means an empty document. */
    public ObjectNode start(String name) {
        if (name == null) {
            return json.createObjectNode();
        }
        String template = TEMPLATES.get(name);
        if (template == null) {
            throw ProblemException.validation("template", "must be one of: blank, handoff, example");
        }
        try {
            return (ObjectNode) json.readTree(template);
        } catch (IOException e) {
            throw new IllegalStateException("built-in template " + name + " is not JSON", e);
        }
    }
}
