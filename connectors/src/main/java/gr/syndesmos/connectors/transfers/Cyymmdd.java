package gr.syndesmos.connectors.transfers;

import java.time.LocalDate;

/** The AS/400 date {@code CYYMMDD}: C = 0 for 19xx, 1 for 20xx ({@code 1261123} is 2026-11-23). */
public final class Cyymmdd {

    private Cyymmdd() {
    }

    public static LocalDate parse(String text) {
        if (text == null || !text.matches("[01][0-9]{6}")) {
            return null;
        }
        int year = (text.charAt(0) == '1' ? 2000 : 1900) + Integer.parseInt(text.substring(1, 3));
        return LocalDate.of(year, Integer.parseInt(text.substring(3, 5)), Integer.parseInt(text.substring(5, 7)));
    }

    public static String format(LocalDate date) {
        if (date == null) {
            return null;
        }
        return (date.getYear() >= 2000 ? "1" : "0") + String.format("%02d%02d%02d", date.getYear() % 100,
                date.getMonthValue(), date.getDayOfMonth());
    }
}
