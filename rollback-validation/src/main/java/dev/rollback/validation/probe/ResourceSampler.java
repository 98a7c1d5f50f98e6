package dev.rollback.validation.probe;

import dev.rollback.env.Environment;
import dev.rollback.errors.RollbackException;
import dev.rollback.spi.ContainerRuntime;
import dev.rollback.spi.ContainerStats;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Samples the memory and CPU of running services over a short window, every service at once. Memory is the median
 * of each one's samples; CPU is the lowest, the level the service settles at: a health check's spike is not load
 * (RabbitMQ's {@code rabbitmq-diagnostics ping} costs a second of CPU every 10 s), while a service that runs away is
 * busy in every sample. Each engine sample itself spans about a second (the engine measures CPU between two
 * readings).
 *
 * <p>{@code Map<String, ServiceFigures> now = new ResourceSampler(3).sample(engine, env, List.of("postgres"));}
 */
public final class ResourceSampler {
    private final int rounds;

    /** A sampler taking {@code rounds} samples of each service. */
    public ResourceSampler(int rounds) {
        if (rounds < 1) {
            throw new IllegalArgumentException("at least one round");
        }
        this.rounds = rounds;
    }

    /** The figures of each service that stayed running, in the order given; a stopped one is left out. */
    public Map<String, ServiceFigures> sample(ContainerRuntime engine, Environment env, List<String> services) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(16, services.size())), r -> {
            Thread t = new Thread(r, "rollback-stats");
            t.setDaemon(true);
            return t;
        });
        try {
            Map<String, CompletableFuture<Optional<ServiceFigures>>> running = new LinkedHashMap<>();
            for (String s : services) {
                running.put(s, CompletableFuture.supplyAsync(() -> figures(engine, env, s), pool));
            }
            Map<String, ServiceFigures> out = new LinkedHashMap<>();
            for (Map.Entry<String, CompletableFuture<Optional<ServiceFigures>>> e : running.entrySet()) {
                try {
                    e.getValue().join().ifPresent(f -> out.put(e.getKey(), f));
                } catch (CompletionException ex) {
                    if (ex.getCause() instanceof RuntimeException r) {
                        throw r;
                    }
                    throw new RollbackException("could not sample " + e.getKey() + ": " + ex.getCause(), ex);
                }
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private Optional<ServiceFigures> figures(ContainerRuntime engine, Environment env, String service) {
        List<Long> memory = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            Optional<ContainerStats> s = engine.stats(env, service);
            if (s.isEmpty()) {
                return Optional.empty();
            }
            memory.add(s.get().memoryBytes());
            cpu.add(s.get().cpuPercent());
        }
        Collections.sort(memory);
        Collections.sort(cpu);
        return Optional.of(new ServiceFigures(memory.get(memory.size() / 2), cpu.get(0)));
    }
}
