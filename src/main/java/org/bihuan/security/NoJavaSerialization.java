package org.bihuan.security;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.variable.serializer.JavaObjectSerializer;
import org.camunda.bpm.engine.impl.variable.serializer.TypedValueSerializer;
import org.springframework.stereotype.Component;

/**
 * Takes Java serialization out of the engine. {@code javaSerializationFormatEnabled=false} only
 * refuses serialized Java values submitted from outside; an object the JSON serializer (Spin)
 * cannot map — an immutable {@code List.of}, say — was still stored Java-serialized, whatever
 * {@code defaultSerializationFormat} says, and read back with Java deserialization. Without the
 * serializer such a variable fails to save with an error naming it, and no stored Java-serialized
 * value can be read.
 */
@Component
class NoJavaSerialization extends AbstractProcessEnginePlugin {

  /** After every plugin's set-up: Spin places its serializers relative to the Java one. */
  @Override
  public void postProcessEngineBuild(org.camunda.bpm.engine.ProcessEngine engine) {
    ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    TypedValueSerializer<?> java = configuration.getVariableSerializers().getSerializerByName(JavaObjectSerializer.NAME);
    if (java != null) {
      configuration.getVariableSerializers().removeSerializer(java);
    }
  }
}
