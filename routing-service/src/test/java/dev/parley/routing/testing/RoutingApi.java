package dev.parley.routing.testing;

import static io.restassured.RestAssured.given;

import dev.parley.platform.testing.Keycloak;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;

/** What routing tests do again and again, through the public API as tnt_acme's admin (alice). */
public final class RoutingApi {

    public static RequestSpecification as(String user) {
        return given().header("Authorization", Keycloak.bearer(user)).contentType("application/json");
    }

    public static RequestSpecification alice() {
        return as("alice");
    }

    private static DataSource database;

    /** Agents and transfers of earlier tests would take or fill queues: every assignment test starts empty. */
    public static void reset(DataSource dataSource) {
        database = dataSource;
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("delete from webhook_delivery");
            statement.execute("delete from webhook_subscription");
            statement.execute("delete from transfer");
            statement.execute("delete from agent");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String team(String strategy) {
        return alice().body("{\"name\": \"Team " + UUID.randomUUID() + "\", \"strategy\": \"" + strategy + "\"}")
                .post("/v1/teams").then().statusCode(201).extract().path("data.id");
    }

    /** An agent from a JSON object's inner fields, e.g. {@code "\"name\": \"Ann\", \"maxChatsCount\": 1"}. */
    public static String agent(String fields) {
        return alice().body("{" + fields + "}").post("/v1/agents").then().statusCode(201).extract().path("data.id");
    }

    /** A human agent in one team with a priority there, accepting chats. */
    public static String member(String name, String teamId, String priority, int maxChats) {
        return agent("\"name\": \"" + name + "\", \"maxChatsCount\": " + maxChats + ", \"groups\": [{\"id\": \"" + teamId
                + "\", \"priority\": \"" + priority + "\"}]");
    }

    /** A transfer by API of this conversation into the team's queue; its id. */
    public static String transferOf(String conversationId, String teamId) {
        return alice().body("{\"conversationId\": \"" + conversationId + "\", \"teamId\": \"" + teamId + "\"}")
                .post("/v1/transfers").then().statusCode(201).extract().path("data.id");
    }

    public static JsonPath transfer(String teamId) {
        String team = teamId == null ? "" : ", \"teamId\": \"" + teamId + "\"";
        return alice().body("{\"conversationId\": \"" + conversation("ct_" + UUID.randomUUID(), null, "webchat") + "\"" + team + "}")
                .post("/v1/transfers").then().statusCode(201).extract().jsonPath();
    }

    /**
     * An open conversation of Acme that routing knows, as if conversation-service had announced it
     * ({@code conversation.started}); its id. Transfers by API must name one.
     */
    public static String conversation(String contactId, String contactName, String channelType) {
        return conversation(database, "tnt_acme", contactId, contactName, channelType);
    }

    public static String conversation(DataSource dataSource, String tenantId, String contactId, String contactName,
            String channelType) {
        String id = "conv_" + UUID.randomUUID();
        try (Connection connection = dataSource.getConnection(); var insert = connection.prepareStatement("""
                insert into conversation_directory (id, tenant_id, contact_id, contact_name, channel_type, open, started_at,
                    updated_at) values (?, ?, ?, ?, ?, true, now(), now())""")) {
            insert.setString(1, id);
            insert.setString(2, tenantId);
            insert.setString(3, contactId);
            insert.setString(4, contactName);
            insert.setString(5, channelType);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return id;
    }

    public static JsonPath get(String path) {
        return alice().get(path).then().statusCode(200).extract().jsonPath();
    }

    public static String agentOf(String transferId) {
        return get("/v1/transfers/" + transferId).getString("data.attributes.agentId");
    }

    public static String statusOf(String transferId) {
        return get("/v1/transfers/" + transferId).getString("data.attributes.status");
    }

    public static void setStatus(String agentId, String status) {
        alice().body("{\"status\": \"" + status + "\"}").patch("/v1/agents/" + agentId).then().statusCode(200);
    }

    public static void resume(String transferId) {
        alice().put("/v1/transfers/" + transferId + "/resume").then().statusCode(200);
    }

    private RoutingApi() {
    }
}
