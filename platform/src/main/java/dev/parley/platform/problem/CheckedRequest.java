package dev.parley.platform.problem;

/**
 * A request body that checks what its types cannot say (required fields, lengths, list items) with
 * {@link FieldChecks}; {@code RequestValues.requiredBody} runs the checks before the body reaches a service, so every
 * problem comes back in one {@code VALIDATION_ERROR}.
 */
public interface CheckedRequest {

    void check(FieldChecks checks);
}
