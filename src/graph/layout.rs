//! Fruchterman–Reingold force-directed layout (1991), deterministic: the starting positions
//! come from a fixed-seed generator, so the same network is always drawn the same way.
//!
//! Every pair of nodes repels (k²/d), every edge attracts (d²/k), a weak pull towards the centre
//! keeps disconnected components on the page, and the step size cools linearly. O(|V|² + |E|)
//! per iteration: meant for pictures of up to a few thousand nodes.

/// The default seed of the starting positions.
pub const SEED: u64 = 0x7472_6561_7479; // "treaty"

/// Positions in the unit square `[0, 1]²`, one per node.
pub fn fruchterman_reingold(
    n: usize,
    edges: &[(usize, usize)],
    iterations: usize,
    seed: u64,
) -> Vec<(f64, f64)> {
    let mut random = SplitMix64(seed);
    let mut position: Vec<(f64, f64)> = (0..n)
        .map(|_| (random.unit() - 0.5, random.unit() - 0.5))
        .collect();
    if n < 2 {
        return position.iter().map(|_| (0.5, 0.5)).collect();
    }
    let k = (1.0 / n as f64).sqrt();
    let gravity = 0.1;
    let mut displacement = vec![(0.0f64, 0.0f64); n];
    for iteration in 0..iterations {
        let temperature = 0.1 * (1.0 - iteration as f64 / iterations as f64);
        displacement.iter_mut().for_each(|d| *d = (0.0, 0.0));
        for i in 0..n {
            for j in i + 1..n {
                let (dx, dy) = (position[i].0 - position[j].0, position[i].1 - position[j].1);
                let distance = (dx * dx + dy * dy).sqrt().max(1e-6);
                let force = k * k / distance;
                let (fx, fy) = (dx / distance * force, dy / distance * force);
                displacement[i].0 += fx;
                displacement[i].1 += fy;
                displacement[j].0 -= fx;
                displacement[j].1 -= fy;
            }
        }
        for &(s, t) in edges {
            if s == t {
                continue;
            }
            let (dx, dy) = (position[s].0 - position[t].0, position[s].1 - position[t].1);
            let distance = (dx * dx + dy * dy).sqrt().max(1e-6);
            let force = distance * distance / k;
            let (fx, fy) = (dx / distance * force, dy / distance * force);
            displacement[s].0 -= fx;
            displacement[s].1 -= fy;
            displacement[t].0 += fx;
            displacement[t].1 += fy;
        }
        for (p, d) in position.iter_mut().zip(&displacement) {
            let (dx, dy) = (d.0 - gravity * p.0, d.1 - gravity * p.1);
            let length = (dx * dx + dy * dy).sqrt().max(1e-12);
            let step = length.min(temperature);
            p.0 += dx / length * step;
            p.1 += dy / length * step;
        }
    }
    normalise(&position)
}

/// Scales positions into `[0, 1]²`, keeping the aspect ratio.
fn normalise(position: &[(f64, f64)]) -> Vec<(f64, f64)> {
    let (mut min_x, mut min_y, mut max_x, mut max_y) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for &(x, y) in position {
        min_x = min_x.min(x);
        min_y = min_y.min(y);
        max_x = max_x.max(x);
        max_y = max_y.max(y);
    }
    let span = (max_x - min_x).max(max_y - min_y).max(1e-12);
    let (off_x, off_y) = (
        (span - (max_x - min_x)) / 2.0,
        (span - (max_y - min_y)) / 2.0,
    );
    position
        .iter()
        .map(|&(x, y)| ((x - min_x + off_x) / span, (y - min_y + off_y) / span))
        .collect()
}

/// SplitMix64 (Steele, Lea & Flood 2014): a tiny, well-mixed generator for starting positions.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `[0, 1)`.
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_is_deterministic_and_inside_the_unit_square() {
        let edges = [(0, 1), (1, 2), (2, 0), (3, 4)];
        let first = fruchterman_reingold(5, &edges, 100, SEED);
        assert_eq!(first, fruchterman_reingold(5, &edges, 100, SEED));
        assert!(first
            .iter()
            .all(|&(x, y)| (0.0..=1.0).contains(&x) && (0.0..=1.0).contains(&y)));
    }

    /// Connected nodes end up closer together than unconnected ones.
    #[test]
    fn edges_pull_nodes_together() {
        let p = fruchterman_reingold(4, &[(0, 1), (2, 3)], 200, SEED);
        let d = |a: usize, b: usize| ((p[a].0 - p[b].0).powi(2) + (p[a].1 - p[b].1).powi(2)).sqrt();
        assert!(d(0, 1) < d(0, 2) && d(2, 3) < d(1, 3), "{p:?}");
    }
}
