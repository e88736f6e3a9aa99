package dev.parley.platform.rest;

import jakarta.ws.rs.NameBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a resource class or method: its JSON request bodies may spell field names in snake_case, as the seeds do
 * ({@link CamelCaseKeys}); {@link SnakeCaseAliases} turns them into camelCase before Jackson reads the body.
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface AcceptsSnakeCase {
}
