package dev.paddock.compat;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Server settings for every target a compat test class runs against. Both ZooKeeper and Paddock
 * get exactly the same values (as system properties for ZooKeeper, as zoo.cfg keys for Paddock).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Inherited
public @interface ServerSettings {
    int tickTime() default 2000;

    int maxClientCnxns() default 60;

    /** {@link #UNSET} leaves 4lw.commands.whitelist out, for the servers' own default. */
    String fourLetterWhitelist() default "*";

    /** A value meaning "do not set the key". */
    String UNSET = "<unset>";

    boolean extendedTypesEnabled() default true;

    int containerCheckIntervalMs() default 100;

    /** -1 = ZooKeeper's default of 2 × tickTime. */
    int minSessionTimeout() default -1;

    /** -1 = ZooKeeper's default of 20 × tickTime. */
    int maxSessionTimeout() default -1;
}
