package dev.paddock.compat;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A compat test: runs once per selected target (ZooKeeper 3.9.3 reference and Paddock) and receives the
 * {@link ServerUnderTest} as a parameter. Servers are shared by the tests of a class unless
 * {@link #freshServer()} asks for a private one.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@TestTemplate
@ExtendWith(CompatExtension.class)
public @interface CompatTest {
    boolean freshServer() default false;
}
