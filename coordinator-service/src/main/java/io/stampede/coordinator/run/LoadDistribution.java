package io.stampede.coordinator.run;

import java.util.ArrayList;
import java.util.List;

/**
 * Divides users and spawn rate across workers. Users: an even split, the first
 * {@code users % n} workers (in join order) take one more, so a worker's share changes only
 * when the count of workers or users does. Spawn rate: proportional to each worker's users,
 * so every worker finishes spawning at the same time and the rates add up to the global one.
 */
public final class LoadDistribution {

    private LoadDistribution() {
    }

    public static List<LoadShare> divide(int users, double spawnRate, List<String> workerIds) {
        int n = workerIds.size();
        List<LoadShare> shares = new ArrayList<>(n);
        long offset = 0;
        for (int i = 0; i < n; i++) {
            int mine = users / n + (i < users % n ? 1 : 0);
            double rate = users == 0 ? spawnRate / n : spawnRate * mine / users;
            shares.add(new LoadShare(workerIds.get(i), i, n, mine, rate, offset));
            offset += mine;
        }
        return List.copyOf(shares);
    }
}
