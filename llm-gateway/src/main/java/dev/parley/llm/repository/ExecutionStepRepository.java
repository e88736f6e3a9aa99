package dev.parley.llm.repository;

import dev.parley.llm.ExecutionStep;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
public class ExecutionStepRepository implements PanacheRepository<ExecutionStep> {

    public List<ExecutionStep> trace(String executionId) {
        return list("executionId", Sort.ascending("seq"), executionId);
    }
}
