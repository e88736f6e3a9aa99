package dev.parley.bot.repository;

import dev.parley.bot.TrainingJob;
import dev.parley.platform.repository.TenantOwnedRepository;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class TrainingJobRepository implements TenantOwnedRepository<TrainingJob> {
}
