package dev.parley.bot.testing;

/** The seed documents' own examples (Whatomate's flow, keyword rule and AI context), as several tests post them. */
public final class Seeds {

    public static final String SEED_FLOW = """
            { "name": "Feedback Collection", "trigger_keywords": ["feedback", "review"],
              "initial_message": "Hi! I'd like to collect your feedback.", "completion_message": "Thank you for your feedback!",
              "enabled": true,
              "panel_config": { "sections": [ { "id": "customer", "label": "Customer Info", "columns": 1, "collapsible": true,
                  "default_collapsed": false, "order": 1, "fields": [ {"key": "rating", "label": "Rating", "order": 1,
                  "display_type": "badge", "color": "success"}, {"key": "comment", "label": "Comment", "order": 2} ] } ] },
              "steps": [
                { "step_name": "comment", "step_order": 2, "message": "Any additional comments?", "message_type": "text",
                  "input_type": "text", "store_as": "comment", "validation": {"min_length": 2, "max_length": 500},
                  "retry_message": "A few words, please." },
                { "step_name": "rating", "step_order": 1, "message": "How would you rate your experience?",
                  "message_type": "buttons", "input_type": "select",
                  "buttons": [ {"id": "excellent", "title": "Excellent"}, {"id": "good", "title": "Good"}, {"id": "poor", "title": "Poor"} ],
                  "store_as": "rating" },
                { "step_name": "transfer", "step_order": 3, "message": "Connecting you with our team...", "message_type": "transfer",
                  "transfer_config": { "team_id": "team_0123456789abcdefghijkl", "notes": "Rating: {{rating}}" } }
              ] }""";

    public static final String SEED_RULE = """
            {"name": "Business Hours", "keywords": ["hours", "open", "when"], "match_type": "contains",
             "response_type": "text", "response": "We're open Monday-Friday, 9 AM to 6 PM EST.", "priority": 5, "enabled": true}""";

    public static final String SEED_CONTEXT = """
            {"name": "Shipping Policy", "trigger_keywords": ["shipping", "delivery", "track"], "context_type": "static",
             "content": "We offer free shipping on orders over $50. Standard delivery takes 3-5 business days...",
             "priority": 5, "enabled": true}""";

    private Seeds() {
    }
}
