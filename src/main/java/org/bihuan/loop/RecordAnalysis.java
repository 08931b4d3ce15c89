package org.bihuan.loop;

import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import org.bihuan.identity.Groups;
import org.bihuan.problem.Category;
import org.bihuan.problem.ProblemRecord;
import org.bihuan.security.InstanceReaders;
import org.bihuan.problem.Problems;
import org.bihuan.problem.Problems.Analysis;
import org.bihuan.problem.ProblemRuleViolation;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Component;

/**
 * 分析 — stores the analysis and sets what the rest of the loop needs: the resolving units
 * (lead first), the resolution deadline and whether a policy is needed.
 */
@Component("recordAnalysis")
class RecordAnalysis extends LoopDelegate {

  private final Problems problems;
  private final ProblemProcess process;

  private final InstanceReaders unitReaders;

  RecordAnalysis(Problems problems, ProblemProcess process, InstanceReaders unitReaders) {
    this.problems = problems;
    this.process = process;
    this.unitReaders = unitReaders;
  }

  @Override
  void run(DelegateExecution execution, String actor) {
    String key = problemKey(execution);
    String category = Vars.string(execution, "category");
    if (category == null) {
      throw new ProblemRuleViolation("category-required", "问题类别不能为空", "the category is required");
    }
    Analysis analysis =
        new Analysis(
            Vars.string(execution, "rootCause"),
            Category.valueOf(category),
            Vars.string(execution, "leadUnit"),
            Vars.strings(execution, "coUnits"),
            Vars.string(execution, "measures"),
            Vars.endOfDay(execution, "resolutionDeadline"),
            Vars.bool(execution, "needsPolicy"),
            Vars.string(execution, "analysisGroup"));
    problems.recordAnalysis(key, analysis, actor);
    List<String> resolvingUnits = problems.resolvingUnits(key);
    // JSON, never Java serialization: an immutable list is no type Spin maps, so Camunda fell back to
    // Java serialization despite defaultSerializationFormat (the engine now refuses it: NoJavaSerialization)
    execution.setVariable("resolvingUnits", Variables.objectValue(new ArrayList<>(resolvingUnits))
        .serializationDataFormat(Variables.SerializationDataFormats.JSON).create());
    List<String> readers = new ArrayList<>(resolvingUnits.stream().map(Groups::unit).toList());
    readers.add(analysis.analysisGroup());
    process.grantRead(execution.getProcessInstanceId(), readers);
    // units dropped at re-analysis lose the instance as they lose the problem in /api
    Set<String> keep = new HashSet<>(readers);
    ProblemRecord problem = problems.get(key);
    if (problem.reporterUnitCode() != null) {
      keep.add(Groups.unit(problem.reporterUnitCode()));
    }
    unitReaders.keepOnlyUnits(execution.getProcessInstanceId(), keep);
    execution.setVariable("resolutionDue", Date.from(analysis.resolutionDue()));
    execution.setVariable("needsPolicy", analysis.needsPolicy());
    // texts now live in bihuan.problem
    execution.removeVariable("rootCause");
    execution.removeVariable("measures");
  }
}
