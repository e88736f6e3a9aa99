package dev.parley.routing.service;

import static dev.parley.routing.testing.RoutingApi.agentOf;
import static dev.parley.routing.testing.RoutingApi.alice;
import static dev.parley.routing.testing.RoutingApi.member;
import static dev.parley.routing.testing.RoutingApi.resume;
import static dev.parley.routing.testing.RoutingApi.setStatus;
import static dev.parley.routing.testing.RoutingApi.statusOf;
import static dev.parley.routing.testing.RoutingApi.team;
import static dev.parley.routing.testing.RoutingApi.transfer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.parley.routing.testing.RoutingApi;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The assignment rules, seen through the API: priority, capacity, strategy, supervisors, oldest first. */
@QuarkusTest
class AssignmentTest {

    @Inject
    AgroalDataSource dataSource;

    @BeforeEach
    void reset() {
        RoutingApi.reset(dataSource);
    }

    @Test
    void firstBeforeNormalBeforeLastThenTheQueueWaits() {
        String team = team("round_robin");
        String last = member("Last", team, "last", 1);
        String normal = member("Normal", team, "normal", 1);
        String first = member("First", team, "first", 1);

        assertThat(transfer(team).getString("data.attributes.agentId")).isEqualTo(first);
        assertThat(transfer(team).getString("data.attributes.agentId")).isEqualTo(normal);
        assertThat(transfer(team).getString("data.attributes.agentId")).isEqualTo(last);
        var waiting = transfer(team);
        assertThat(waiting.getString("data.attributes.status")).isEqualTo("waiting");
        assertThat(waiting.getString("data.attributes.agentId")).isNull();
        alice().get("/v1/agents/" + first).then().body("data.attributes.activeChats", equalTo(1));
    }

    @Test
    void aSupervisorIsNeverAssignedAutomatically() {
        String team = team("round_robin");
        String supervisor = member("Sup", team, "supervisor", 5);
        String byDefault = RoutingApi.agent("\"name\": \"Default sup\", \"defaultGroupPriority\": \"supervisor\"");
        alice().body("{}").put("/v1/teams/" + team + "/members/" + byDefault).then().statusCode(200)
                .body("data.attributes.priority", equalTo("supervisor"));

        String inTeam = transfer(team).getString("data.id");
        assertThat(statusOf(inTeam)).isEqualTo("waiting");
        // a supervisor's role is per team: outside it the agent's default priority applies
        String general = transfer(null).getString("data.id");
        assertThat(agentOf(general)).isEqualTo(supervisor);
        assertThat(statusOf(transfer(null).getString("data.id"))).isEqualTo("assigned");
        alice().get("/v1/agents/" + byDefault).then().body("data.attributes.activeChats", equalTo(0));
        // a person may still give one to a supervisor
        alice().body("{\"agentId\": \"" + supervisor + "\"}").put("/v1/transfers/" + inTeam + "/assign")
                .then().statusCode(200).body("data.attributes.agentId", equalTo(supervisor));
    }

    @Test
    void capacityIsNeverExceededAndAFreedSlotTakesTheOldestWaiting() {
        String team = team("round_robin");
        String agent = member("Ann", team, "normal", 2);
        List<String> transfers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            transfers.add(transfer(team).getString("data.id"));
        }
        assertThat(transfers.stream().map(RoutingApi::statusOf)).containsExactly("assigned", "assigned", "waiting", "waiting");

        resume(transfers.get(1));
        assertThat(agentOf(transfers.get(2))).isEqualTo(agent);
        assertThat(statusOf(transfers.get(3))).isEqualTo("waiting");
        alice().get("/v1/agents/" + agent).then().body("data.attributes.activeChats", equalTo(2));
    }

    @Test
    void anAgentComingOnlineTakesTheOldestWaitingTransfers() {
        String team = team("load_balanced");
        String agent = member("Late", team, "normal", 1);
        setStatus(agent, "offline");
        String older = transfer(team).getString("data.id");
        String newer = transfer(team).getString("data.id");
        assertThat(statusOf(older)).isEqualTo("waiting");

        setStatus(agent, "accepting_chats");
        assertThat(agentOf(older)).isEqualTo(agent);
        assertThat(statusOf(newer)).isEqualTo("waiting");

        // more slots: the next one follows at once
        alice().body("{\"maxChatsCount\": 2}").patch("/v1/agents/" + agent).then().statusCode(200);
        assertThat(agentOf(newer)).isEqualTo(agent);
    }

    @Test
    void roundRobinTakesTurns() {
        String team = team("round_robin");
        member("A", team, "normal", 10);
        member("B", team, "normal", 10);
        List<String> agents = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            agents.add(transfer(team).getString("data.attributes.agentId"));
        }
        assertThat(agents.get(0)).isNotEqualTo(agents.get(1));
        assertThat(agents.get(2)).isEqualTo(agents.get(0));
        assertThat(agents.get(3)).isEqualTo(agents.get(1));
    }

    @Test
    void loadBalancedGivesTheAgentWithFewestChats() {
        String team = team("load_balanced");
        String busy = member("Busy", team, "normal", 10);
        String fresh = member("Fresh", team, "normal", 10);
        setStatus(fresh, "offline");
        transfer(team);
        transfer(team);
        setStatus(fresh, "accepting_chats");
        // round robin would alternate (fresh, then busy); load balancing keeps filling the emptier agent
        assertThat(transfer(team).getString("data.attributes.agentId")).isEqualTo(fresh);
        assertThat(transfer(team).getString("data.attributes.agentId")).isEqualTo(fresh);
        assertThat(transfer(team).getString("data.attributes.agentId")).isIn(busy, fresh);
    }

    @Test
    void aBatchOfDecisionsGivesWhatOneAfterTheOtherWould() {
        // a manual team piles its transfers up; made round robin, it assigns them all in one batch
        String team = team("manual");
        String a = member("A", team, "first", 3);
        String b = member("B", team, "first", 3);
        String c = member("C", team, "normal", 5);
        String supervisor = member("Sup", team, "supervisor", 5);
        List<String> transfers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            transfers.add(transfer(team).getString("data.id"));
        }
        alice().body("{\"strategy\": \"round_robin\"}").patch("/v1/teams/" + team).then().statusCode(200);

        List<String> agents = transfers.stream().map(RoutingApi::agentOf).toList();
        // oldest first; first priority until its agents are full, taking turns; then normal; never the supervisor
        assertThat(agents.subList(0, 6)).containsOnly(a, b);
        assertThat(agents.get(1)).isNotEqualTo(agents.get(0));
        for (int i = 2; i < 6; i++) {
            assertThat(agents.get(i)).isEqualTo(agents.get(i - 2));
        }
        assertThat(agents.subList(6, 10)).containsOnly(c);
        alice().get("/v1/agents/" + a).then().body("data.attributes.activeChats", equalTo(3));
        alice().get("/v1/agents/" + b).then().body("data.attributes.activeChats", equalTo(3));
        alice().get("/v1/agents/" + c).then().body("data.attributes.activeChats", equalTo(4));
        alice().get("/v1/agents/" + supervisor).then().body("data.attributes.activeChats", equalTo(0));

        // the turns go on from where the batch left them: C is full after one more, then the queue waits
        assertThat(transfer(team).getString("data.attributes.agentId")).isEqualTo(c);
        assertThat(transfer(team).getString("data.attributes.status")).isEqualTo("waiting");
    }

    @Test
    void aLoadBalancedBatchFillsTheEmptierAgentAsOneAfterTheOtherWould() {
        String team = team("load_balanced");
        String busy = member("Busy", team, "normal", 4);
        transfer(team);
        transfer(team);
        alice().body("{\"strategy\": \"manual\"}").patch("/v1/teams/" + team).then().statusCode(200);
        String fresh = member("Fresh", team, "normal", 4);
        List<String> transfers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            transfers.add(transfer(team).getString("data.id"));
        }
        alice().body("{\"strategy\": \"load_balanced\"}").patch("/v1/teams/" + team).then().statusCode(200);

        // fresh to 2 chats; at a tie the one assigned longer ago; and so on
        assertThat(transfers.stream().map(RoutingApi::agentOf)).containsExactly(fresh, fresh, busy, fresh, busy);
        alice().get("/v1/agents/" + busy).then().body("data.attributes.activeChats", equalTo(4));
        alice().get("/v1/agents/" + fresh).then().body("data.attributes.activeChats", equalTo(3));
    }

    @Test
    void aManualTeamWaitsForPickup() {
        String team = team("manual");
        String agent = member("Picker", team, "first", 3);
        String older = transfer(team).getString("data.id");
        String newer = transfer(team).getString("data.id");
        assertThat(statusOf(older)).isEqualTo("waiting");

        alice().post("/v1/transfers/pickup?teamId=" + team + "&agentId=" + agent)
                .then().statusCode(200).body("data.id", equalTo(older)).body("data.attributes.agentId", equalTo(agent));
        assertThat(statusOf(newer)).isEqualTo("waiting");
    }

    @Test
    void pickupTakesTheOldestOfTheAskedQueueWithinCapacity() {
        String team = team("manual");
        String agent = RoutingApi.agent("\"name\": \"Solo\", \"maxChatsCount\": 1, \"status\": \"not_accepting_chats\"");
        String general = transfer(null).getString("data.id");
        transfer(team);

        alice().body("{\"agentId\": \"" + agent + "\"}").post("/v1/transfers/pickup?teamId=general")
                .then().statusCode(200).body("data.id", equalTo(general));
        alice().post("/v1/transfers/pickup?agentId=" + agent)
                .then().statusCode(409).body("code", equalTo("AGENT_AT_CAPACITY"));
        alice().post("/v1/transfers/pickup?teamId=general&agentId=" + agent)
                .then().statusCode(404).body("code", equalTo("QUEUE_EMPTY"));
        // without agentId, the agent linked to the caller's sign-in
        alice().post("/v1/transfers/pickup").then().statusCode(404).body("code", equalTo("AGENT_NOT_FOUND"));
    }

    @Test
    void pickupTakesWhatomatesSnakeCaseQueryAndRefusesATeamTheTenantDoesNotHave() {
        String sales = team("manual");
        String support = team("manual");
        String agent = member("Picker", sales, "normal", 3);
        String olderElsewhere = transfer(support).getString("data.id");
        String inSales = transfer(sales).getString("data.id");

        // team_id and agent_id as the list endpoint reads them: the asked team's queue, not the oldest of any
        alice().post("/v1/transfers/pickup?team_id=" + sales + "&agent_id=" + agent)
                .then().statusCode(200).body("data.id", equalTo(inSales)).body("data.attributes.agentId", equalTo(agent));
        assertThat(statusOf(olderElsewhere)).isEqualTo("waiting");
        alice().post("/v1/transfers/pickup?team_id=" + sales + "&agent_id=" + agent)
                .then().statusCode(404).body("code", equalTo("QUEUE_EMPTY"));

        // a team that does not exist, or is another tenant's, is not an empty queue
        alice().post("/v1/transfers/pickup?teamId=team_nope&agentId=" + agent)
                .then().statusCode(404).body("code", equalTo("TEAM_NOT_FOUND"));
        alice().post("/v1/transfers/pickup?team_id=team_nope&agent_id=" + agent)
                .then().statusCode(404).body("code", equalTo("TEAM_NOT_FOUND"));
        String globexAgent = RoutingApi.as("bob").body("{\"name\": \"Globex picker\"}").post("/v1/agents")
                .then().statusCode(201).extract().path("data.id");
        RoutingApi.as("bob").post("/v1/transfers/pickup?teamId=" + support + "&agentId=" + globexAgent)
                .then().statusCode(404).body("code", equalTo("TEAM_NOT_FOUND"));
        assertThat(statusOf(olderElsewhere)).isEqualTo("waiting");
    }

    @Test
    void pickupWithoutAnAgentIdActsForTheSignedInAgent() {
        String agnes = RoutingApi.agent("\"name\": \"Agnes\", \"status\": \"offline\"");
        // the link is the sign-in's principal name, which Keycloak gives as the username
        alice().body("{\"userId\": \"agnes\"}").patch("/v1/agents/" + agnes).then().statusCode(200);
        String waiting = transfer(null).getString("data.id");
        RoutingApi.as("agnes").post("/v1/transfers/pickup")
                .then().statusCode(200).body("data.id", equalTo(waiting)).body("data.attributes.agentId", equalTo(agnes));
    }

    @Test
    void assignMovesAConversationAndFreesTheFormerAgentsSlot() {
        String team = team("manual");
        String from = member("From", team, "normal", 1);
        String to = member("To", team, "normal", 1);
        String first = transfer(team).getString("data.id");
        String second = transfer(team).getString("data.id");
        alice().body("{\"agentId\": \"" + from + "\"}").put("/v1/transfers/" + first + "/assign").then().statusCode(200);
        alice().body("{\"agentId\": \"" + from + "\"}").put("/v1/transfers/" + second + "/assign")
                .then().statusCode(409).body("code", equalTo("AGENT_AT_CAPACITY"));

        alice().body("{\"agentId\": \"" + to + "\"}").put("/v1/transfers/" + first + "/assign")
                .then().statusCode(200).body("data.attributes.agentId", equalTo(to));
        alice().get("/v1/agents/" + from).then().body("data.attributes.activeChats", equalTo(0));
        alice().body("{\"agentId\": \"" + from + "\"}").put("/v1/transfers/" + second + "/assign").then().statusCode(200);

        resume(first);
        alice().put("/v1/transfers/" + first + "/resume").then().statusCode(409).body("code", equalTo("TRANSFER_RESUMED"));
        alice().body("{\"agentId\": \"" + to + "\"}").put("/v1/transfers/" + first + "/assign")
                .then().statusCode(409).body("code", equalTo("TRANSFER_RESUMED"));
        alice().get("/v1/agents/" + to).then().body("data.attributes.activeChats", equalTo(0));
        alice().body("{\"agentId\": \"agt_nope\"}").put("/v1/transfers/" + second + "/assign")
                .then().statusCode(404).body("code", equalTo("AGENT_NOT_FOUND"));
    }

    @Test
    void deletingAnAgentPutsItsConversationsBackInTheQueue() {
        String team = team("round_robin");
        String leaving = member("Leaving", team, "first", 1);
        String transfer = transfer(team).getString("data.id");
        assertThat(agentOf(transfer)).isEqualTo(leaving);
        String staying = member("Staying", team, "normal", 1);
        alice().delete("/v1/agents/" + leaving).then().statusCode(204);
        assertThat(agentOf(transfer)).isEqualTo(staying);
    }
}
