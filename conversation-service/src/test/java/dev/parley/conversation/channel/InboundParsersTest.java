package dev.parley.conversation.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.platform.problem.FieldError;
import dev.parley.platform.problem.ProblemException;
import java.util.List;
import org.junit.jupiter.api.Test;

class InboundParsersTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void whatsappListRepliesTemplateButtonsAndStatuses() throws Exception {
        List<InboundMessage> found = InboundParsers.whatsapp(json.readTree("""
                {"entry":[{"changes":[{"value":{
                  "contacts":[{"profile":{"name":"Lia"},"wa_id":"4915"}],
                  "messages":[
                    {"from":"4915","id":"wamid.L","type":"interactive","interactive":{"type":"list_reply",
                      "list_reply":{"id":"opt_3","title":"Option 3","description":"x"}}},
                    {"from":"4915","id":"wamid.B","type":"button","button":{"payload":"yes_id","text":"Yes"}},
                    {"from":"4915","id":"wamid.I","type":"image","image":{"id":"media","mime_type":"image/jpeg"}},
                    {"from":"4915","id":"wamid.D","type":"document","document":{"id":"m2","mime_type":"application/pdf",
                      "filename":"invoice.pdf","caption":"My invoice"}},
                    {"from":"4915","id":"wamid.P","type":"location","location":{"latitude":52.52,"longitude":13.4,
                      "name":"Shop","address":"Main St 1"}},
                    {"from":"4915","id":"wamid.R","type":"reaction","reaction":{"message_id":"wamid.out","emoji":"x"}}]}},
                  {"value":{"statuses":[{"id":"wamid.out","status":"delivered"}]}}]}]}"""));
        assertThat(found).containsExactly(
                new InboundMessage("wamid.L", "4915", "Lia", "Option 3", "opt_3"),
                new InboundMessage("wamid.B", "4915", "Lia", "Yes", "yes_id"),
                // what is not text is kept too, saying what it is, with the platform's id to fetch it by
                new InboundMessage("wamid.I", "4915", "Lia", "[image]", null,
                        new InboundMessage.Attachment("image", "media", "image/jpeg", null, null, null)),
                new InboundMessage("wamid.D", "4915", "Lia", "[document] My invoice", null,
                        new InboundMessage.Attachment("document", "m2", "application/pdf", "invoice.pdf", null, null)),
                new InboundMessage("wamid.P", "4915", "Lia", "[location] Shop, Main St 1", null,
                        new InboundMessage.Attachment("location", null, null, null, 52.52, 13.4)));
    }

    @Test
    void telegramMessagesAndCallbacks() throws Exception {
        assertThat(InboundParsers.telegram(json.readTree("""
                {"update_id":9,"message":{"message_id":1,"from":{"id":5,"first_name":"Ada","last_name":"L"},
                 "chat":{"id":-100,"type":"group"},"text":"hi"}}""")))
                .isEqualTo(new InboundMessage("u9", "-100", "Ada L", "hi", null));
        assertThat(InboundParsers.telegram(json.readTree("""
                {"update_id":10,"callback_query":{"id":"q","from":{"id":5,"username":"ada"},
                 "message":{"chat":{"id":5}},"data":"btn_1"}}""")))
                .isEqualTo(new InboundMessage("u10", "5", "ada", "btn_1", "btn_1"));
        // the message's inline keyboard says what the pressed button reads: its text, the callback data its id
        assertThat(InboundParsers.telegram(json.readTree("""
                {"update_id":14,"callback_query":{"id":"q","from":{"id":5,"username":"ada"},"data":"btn_yes",
                 "message":{"chat":{"id":5},"text":"Shall we ship it?","reply_markup":{"inline_keyboard":[
                   [{"text":"Yes please","callback_data":"btn_yes"},{"text":"Not yet","callback_data":"btn_no"}],
                   [{"text":"Our site","url":"https://example.com"}]]}}}}""")))
                .isEqualTo(new InboundMessage("u14", "5", "ada", "Yes please", "btn_yes"));
        // a keyboard without the pressed button: the id, whose title the decision reads from the history
        assertThat(InboundParsers.telegram(json.readTree("""
                {"update_id":15,"callback_query":{"id":"q","from":{"id":5},"data":"btn_old",
                 "message":{"chat":{"id":5},"reply_markup":{"inline_keyboard":[[{"text":"New","callback_data":"btn_new"}]]}}}}""")))
                .isEqualTo(new InboundMessage("u15", "5", null, "btn_old", "btn_old"));
        // a file is kept, saying what it is (the largest size of a photo), with its caption
        assertThat(InboundParsers.telegram(json.readTree("""
                {"update_id":11,"message":{"message_id":2,"chat":{"id":5},"caption":"My cat",
                 "photo":[{"file_id":"small","width":90},{"file_id":"large","width":800}]}}""")))
                .isEqualTo(new InboundMessage("u11", "5", null, "[image] My cat", null,
                        new InboundMessage.Attachment("image", "large", null, null, null, null)));
        assertThat(InboundParsers.telegram(json.readTree("""
                {"update_id":12,"message":{"message_id":3,"chat":{"id":5},"location":{"latitude":1.5,"longitude":2}}}""")))
                .isEqualTo(new InboundMessage("u12", "5", null, "[location]", null,
                        new InboundMessage.Attachment("location", null, null, null, 1.5, 2.0)));
        // a service message carries nothing
        assertThat(InboundParsers.telegram(json.readTree("""
                {"update_id":13,"message":{"message_id":4,"chat":{"id":5},"new_chat_title":"x"}}"""))).isNull();
    }

    @Test
    void theGenericWebhookTakesIntegerIdsAsTheirDigitsAndNamesEveryFieldItRefuses() throws Exception {
        assertThat(InboundParsers.webhook(json.readTree("""
                {"messageId":42,"from":{"id":7,"name":"Ann"},"text":"hi"}""")))
                .isEqualTo(new InboundMessage("42", "7", "Ann", "hi", null));
        assertThat(InboundParsers.webhook(json.readTree("""
                {"messageId":"m","from":{"id":"c"},"text":"","buttonId":"yes"}""")))
                .isEqualTo(new InboundMessage("m", "c", null, "yes", "yes"));
        assertThatThrownBy(() -> InboundParsers.webhook(json.readTree("""
                {"messageId":{"id":1},"from":{"id":"%s","name":7},"text":["a"],"buttonId":false}"""
                .formatted("x".repeat(257)))))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.toProblem().errors())
                        .extracting(FieldError::field, FieldError::message).containsExactly(
                                tuple("buttonId", "must be a string or an integer"),
                                tuple("from.id", "must be at most 256 characters"),
                                tuple("from.name", "must be a string"),
                                tuple("messageId", "must be a string or an integer"),
                                tuple("text", "must be a string")));
    }

    @Test
    void aTelegramUpdateWithoutItsIdOrWithAnObjectForTextIsRefused() throws Exception {
        assertThatThrownBy(() -> InboundParsers.telegram(json.readTree("""
                {"message":{"chat":{"id":5},"text":"hi"}}""")))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.toProblem().errors())
                        .containsExactly(new FieldError("update_id", "is required")));
        assertThatThrownBy(() -> InboundParsers.telegram(json.readTree("""
                {"update_id":1,"message":{"chat":{"id":5},"text":{"a":1}}}""")))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.toProblem().errors())
                        .containsExactly(new FieldError("message.text", "must be a string")));
        assertThatThrownBy(() -> InboundParsers.telegram(json.readTree("""
                {"update_id":2,"callback_query":{"id":"q","from":{"id":5},"data":"b","message":{"chat":{"id":5},
                 "reply_markup":{"inline_keyboard":[[{"text":"a","callback_data":"a"},{"text":7,"callback_data":"b"}]]}}}}""")))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.toProblem().errors())
                        .containsExactly(new FieldError("callback_query.message.reply_markup.inline_keyboard[0][1].text",
                                "must be a string")));
    }
}
