package org.bihuan.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.instance.FlowNode;

/**
 * Flow-node coverage of process tests: the flow nodes of a model that none of the given process
 * instances passed (history level FULL records every activity instance).
 */
public final class FlowNodeCoverage {

  private FlowNodeCoverage() {}

  /** Ids of all flow nodes of {@code bpmn/<file>}. */
  public static Set<String> flowNodes(String file) throws java.io.IOException {
    try (var in = Files.newInputStream(Path.of("bpmn", file))) {
      return Bpmn.readModelFromStream(in).getModelElementsByType(FlowNode.class).stream()
          .map(FlowNode::getId)
          .collect(Collectors.toCollection(TreeSet::new));
    }
  }

  /** Flow nodes of the model that the instances (and the instances they called) never reached. */
  public static Set<String> missed(HistoryService history, String file, Set<String> rootProcessInstanceIds)
      throws java.io.IOException {
    Set<String> missed = flowNodes(file);
    Set<String> instances = new TreeSet<>(rootProcessInstanceIds);
    for (String root : rootProcessInstanceIds) {
      history.createHistoricProcessInstanceQuery().superProcessInstanceId(root).list()
          .forEach(called -> instances.add(called.getId()));
    }
    for (String instance : instances) {
      history.createHistoricActivityInstanceQuery().processInstanceId(instance).list().stream()
          .map(HistoricActivityInstance::getActivityId)
          .forEach(missed::remove);
    }
    return missed;
  }
}
