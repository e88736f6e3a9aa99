package dev.parley.conversation.engine;

import java.util.LinkedHashMap;
import java.util.Map;

/** What the engine remembers between messages of one conversation; persisted as the bot session. */
public final class SessionState {

    public String currentFlowId;
    public String currentStep;
    public Map<String, String> variables = new LinkedHashMap<>();
    public int stepRetries;
    public int fallbackCount;
    public boolean greeted;
    public boolean offlineNotified;

    public void leaveFlow() {
        currentFlowId = null;
        currentStep = null;
        stepRetries = 0;
    }

    /** After a transfer is resumed: the bot starts over (it does not greet twice in one conversation). */
    public void reset() {
        leaveFlow();
        variables = new LinkedHashMap<>();
        fallbackCount = 0;
        offlineNotified = false;
    }
}
