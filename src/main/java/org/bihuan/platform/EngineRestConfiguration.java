package org.bihuan.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.ApplicationPath;
import org.camunda.bpm.spring.boot.starter.rest.CamundaJerseyResourceConfig;
import org.springframework.stereotype.Component;

/**
 * Camunda's REST API ({@code /engine-rest}) as the Spring Boot starter sets it up, plus Bihuan's
 * error answers: the documented way to extend it is a {@link CamundaJerseyResourceConfig} bean, which
 * replaces the starter's own.
 */
@Component
@ApplicationPath("/engine-rest")
class EngineRestConfiguration extends CamundaJerseyResourceConfig {

  private final ObjectMapper json;

  EngineRestConfiguration(ObjectMapper json) {
    this.json = json;
  }

  @Override
  protected void registerAdditionalResources() {
    EngineRestProblems.mappers(json).forEach(mapper -> register(mapper, EngineRestProblems.PRIORITY));
  }
}
