package org.bihuan.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import org.bihuan.support.BihuanTest;
import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

@BihuanTest
class CatalogApiIT {

  @Autowired TestRestTemplate anonymous;
  @Autowired IdentityService identity;
  TestRestTemplate http;
  TestRestTemplate operator;

  @org.junit.jupiter.api.BeforeEach
  void authenticate() {
    http = anonymous.withBasicAuth("auditor", "demo");
    operator = anonymous.withBasicAuth("admin", "demo");
  }

  @Test
  void listsTheTenActionsOfTheReferencePlanWithTheirLeadUnits() {
    JsonNode actions = http.getForObject("/api/catalog/actions", JsonNode.class);

    assertThat(actions).hasSize(10);
    assertThat(actions.get(0).path("title").asText()).isEqualTo("全力推进提升主城都市区极核引领行动");
    assertThat(actions.get(0).path("leadUnit").path("name").asText()).isEqualTo("区发改委");
    assertThat(actions.get(3).path("leadUnit").path("name").asText()).isEqualTo("区科技局");
    int tasks = 0;
    for (JsonNode action : actions) {
      tasks += action.path("taskCount").asInt();
    }
    assertThat(tasks).isEqualTo(55);
  }

  @Test
  void showsATaskWithItsTwoLeadUnits() {
    JsonNode task = http.getForObject("/api/catalog/tasks/22", JsonNode.class);

    assertThat(task.path("actionNumber").asInt()).isEqualTo(4);
    assertThat(task.path("leadUnits").findValuesAsText("name")).containsExactly("区经信委", "区卫健委");
    assertThat(task.path("responsibleUnits").findValuesAsText("name")).contains("区人社局", "区科技局", "区大数据局");
  }

  @Test
  void answersAnUnknownTaskWithProblemDetails() {
    ResponseEntity<JsonNode> response = http.getForEntity("/api/catalog/tasks/999", JsonNode.class);

    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(response.getHeaders().getContentType().toString()).startsWith("application/problem+json");
    assertThat(response.getBody().path("detail").asText()).contains("未找到重点任务 999").contains("task 999 not found");
  }

  @Test
  void listsUnitsWithStableAsciiCodes() {
    JsonNode units = http.getForObject("/api/catalog/units", JsonNode.class);

    assertThat(units.size()).isGreaterThan(40);
    assertThat(units.findValuesAsText("code")).allMatch(code -> code.matches("[a-z0-9]+"));
    assertThat(units.findValuesAsText("name")).contains("CBD管委会", "区母城文化公司").doesNotContain("CBD 管委会", "母城文化公司");
  }

  @Test
  void createsCamundaGroupsAndDemoUsersFromTheCatalogue() {
    assertThat(identity.createGroupQuery().groupId("leading-group").count()).isEqualTo(1);
    assertThat(identity.createGroupQuery().groupIdIn("wg-01", "wg-10", "tf-01", "tf-10").count()).isEqualTo(4);
    JsonNode units = http.getForObject("/api/catalog/units", JsonNode.class);
    for (JsonNode unit : units) {
      String code = unit.path("code").asText();
      assertThat(identity.createUserQuery().userId(code).memberOfGroup("unit-" + code).count())
          .as("demo staff user of %s", unit.path("name").asText())
          .isEqualTo(1);
    }
    assertThat(identity.createUserQuery().memberOfGroup("leading-group").list()).extracting("id").contains("leader");
    assertThat(identity.checkPassword("wg01", "demo")).isTrue();
  }

  @Test
  void dryRunOfTheReferencePlanReportsTheCatalogueWithoutStoringIt() throws Exception {
    String plan = new ClassPathResource("plans/yuzhong-ten-actions-2023.txt").getContentAsString(StandardCharsets.UTF_8);
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8));

    ResponseEntity<JsonNode> response =
        operator.postForEntity("/api/catalog/import?dryRun=true", new HttpEntity<>(plan, headers), JsonNode.class);

    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(response.getBody().path("applied").asBoolean()).isFalse();
    assertThat(response.getBody().path("plan").path("tasks")).hasSize(55);
  }

  @Test
  void refusesAPlanWithErrorsWholeAndSaysWhere() {
    String broken =
        """
        三、重点任务
        （一）全力推进测试行动。说明。（专项行动牵头单位：区发改委）
        1.第一项任务。（牵头单位：区发改委）
        3.跳过了第二项。（牵头单位：区住建委）
        四、保障措施
        """;
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8));

    ResponseEntity<JsonNode> response =
        operator.postForEntity("/api/catalog/import", new HttpEntity<>(broken, headers), JsonNode.class);

    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
    assertThat(response.getBody().path("problems").findValuesAsText("message")).anyMatch(m -> m.contains("第4行"));
    assertThat(http.getForObject("/api/catalog/actions", JsonNode.class)).hasSize(10);
  }
}
