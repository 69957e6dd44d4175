package dev.paddock.compat;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Skips a compat test for the Paddock target only (it still runs, and must pass, against ZooKeeper).
 * Used for known Paddock discrepancies: the reason says what differs; remove once fixed.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface PaddockDisabled {
    String value();
}
