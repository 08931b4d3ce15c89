package org.bihuan.catalog;

import java.util.List;

/**
 * A key task (重点任务), a numbered item such as {@code 12.建设…。（牵头单位：区商务委，责任单位：CBD管委会等）}.
 *
 * @param number           the task's own number
 * @param actionNumber     number of the action it belongs to, 0 when it precedes every action (reported as an error)
 * @param title            text before the first {@code 。} (or the unit bracket), shortened to about 60 characters
 * @param text             the whole task text without its number and unit bracket
 * @param leadUnits        normalised lead units (牵头单位); empty when missing (reported as an error)
 * @param responsibleUnits normalised responsible units (责任单位), none of which is also a lead unit
 * @param line             1-based line where the task starts
 */
public record ParsedTask(int number, int actionNumber, String title, String text, List<String> leadUnits,
    List<String> responsibleUnits, int line) {

  public ParsedTask {
    leadUnits = List.copyOf(leadUnits);
    responsibleUnits = List.copyOf(responsibleUnits);
  }
}
