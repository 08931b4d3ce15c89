package org.bihuan.catalog;

/**
 * A special action (专项行动), a heading such as {@code （一）全力推进…行动。…（专项行动牵头单位：区发改委）}.
 *
 * @param number   the Chinese ordinal as a number (（一） is 1)
 * @param title    text up to the first {@code 。}
 * @param leadUnit normalised lead unit (牵头单位), or {@code null} when missing (reported as an error)
 * @param line     1-based line where the action starts
 */
public record ParsedAction(int number, String title, String leadUnit, int line) {
}
