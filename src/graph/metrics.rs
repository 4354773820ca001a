//! Network metrics: degrees, weighted PageRank, Brandes betweenness and weakly connected
//! components. The algorithms work on plain edge lists over node numbers `0..n`, so they can be
//! checked by hand on small graphs and fed synthetic graphs in benchmarks.
//!
//! petgraph 0.8's `page_rank` is not used: it is O(n|V|²|E|) (it scans every node pair on every
//! iteration), unweighted, and spreads random jumps unlike the usual definition; the power
//! iteration here is O(|E|) per iteration and gives the textbook values (networkx's `pagerank`).

use petgraph::visit::EdgeRef;

use super::{Network, View};

/// PageRank damping factor (the usual 0.85).
pub const DAMPING: f64 = 0.85;
/// Power iteration stops when the L1 change of the ranks falls below this…
const TOLERANCE: f64 = 1e-12;
/// …or after this many iterations.
const MAX_ITERATIONS: usize = 200;

/// Fills in every node's [`super::NodeMetrics`].
///
/// Betweenness is computed on the resolution network only, along citations (who builds on
/// whom): in the other views directed paths are at most one edge long (resolution →
/// instrument), so every value would be zero, and undirected betweenness of a bipartite
/// network of 100 000 resolutions — O(|V||E|) — would take hours.
pub fn compute(network: &mut Network) {
    let graph = &network.graph;
    let n = graph.node_count();
    let edges: Vec<(usize, usize, f64)> = graph
        .edge_references()
        .map(|e| (e.source().index(), e.target().index(), e.weight().weight))
        .collect();
    let pairs: Vec<(usize, usize)> = edges.iter().map(|&(s, t, _)| (s, t)).collect();
    let ranks = pagerank(n, &edges, network.directed, DAMPING);
    let between = (network.view == View::Resolutions).then(|| betweenness(n, &pairs, true));
    let component = components(n, &pairs);
    let mut in_degree = vec![0; n];
    let mut out_degree = vec![0; n];
    let mut weighted = vec![0.0; n];
    let mut incoming = vec![0.0; n];
    for &(s, t, w) in &edges {
        out_degree[s] += 1;
        in_degree[t] += 1;
        weighted[s] += w;
        weighted[t] += w;
        incoming[t] += w;
        if !network.directed {
            out_degree[t] += 1;
            in_degree[s] += 1;
            incoming[s] += w;
        }
    }
    for (i, node) in network.graph.node_weights_mut().enumerate() {
        node.metrics = super::NodeMetrics {
            in_degree: in_degree[i],
            out_degree: out_degree[i],
            weighted_degree: weighted[i],
            citations: incoming[i],
            pagerank: ranks[i],
            betweenness: between.as_ref().map(|b| b[i]),
            component: component[i],
        };
    }
}

/// Weighted PageRank by power iteration. Rank flows along edges in proportion to their weight;
/// nodes without outgoing edges spread their rank evenly over all nodes. Undirected edges flow
/// both ways. The ranks sum to 1.
pub fn pagerank(n: usize, edges: &[(usize, usize, f64)], directed: bool, damping: f64) -> Vec<f64> {
    if n == 0 {
        return Vec::new();
    }
    let mut out: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n];
    for &(s, t, w) in edges {
        out[s].push((t, w));
        if !directed {
            out[t].push((s, w));
        }
    }
    let out_weight: Vec<f64> = out
        .iter()
        .map(|o| o.iter().map(|&(_, w)| w).sum())
        .collect();
    let uniform = 1.0 / n as f64;
    let mut rank = vec![uniform; n];
    let mut next = vec![0.0; n];
    for _ in 0..MAX_ITERATIONS {
        let dangling: f64 = (0..n)
            .filter(|&u| out_weight[u] <= 0.0)
            .map(|u| rank[u])
            .sum();
        let base = (1.0 - damping) * uniform + damping * dangling * uniform;
        next.iter_mut().for_each(|r| *r = base);
        for u in 0..n {
            if out_weight[u] > 0.0 {
                let share = damping * rank[u] / out_weight[u];
                for &(v, w) in &out[u] {
                    next[v] += share * w;
                }
            }
        }
        let change: f64 = rank.iter().zip(&next).map(|(a, b)| (a - b).abs()).sum();
        std::mem::swap(&mut rank, &mut next);
        if change < TOLERANCE {
            break;
        }
    }
    rank
}

/// Betweenness centrality (Brandes 2001, unweighted shortest paths): for each node, the sum
/// over pairs of other nodes of the share of shortest paths between them that pass through it.
/// Raw counts, not normalised; on an undirected graph each unordered pair counts once
/// (networkx `betweenness_centrality(normalized=False)`).
pub fn betweenness(n: usize, edges: &[(usize, usize)], directed: bool) -> Vec<f64> {
    let mut adjacent: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(s, t) in edges {
        if s == t {
            continue;
        }
        adjacent[s].push(t);
        if !directed {
            adjacent[t].push(s);
        }
    }
    for list in &mut adjacent {
        list.sort_unstable();
        list.dedup();
    }
    let mut centrality = vec![0.0; n];
    let mut order = Vec::with_capacity(n);
    let mut predecessors: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut paths = vec![0.0f64; n];
    let mut distance = vec![usize::MAX; n];
    let mut dependency = vec![0.0f64; n];
    let mut queue = std::collections::VecDeque::new();
    for source in 0..n {
        order.clear();
        for v in 0..n {
            predecessors[v].clear();
            paths[v] = 0.0;
            distance[v] = usize::MAX;
            dependency[v] = 0.0;
        }
        paths[source] = 1.0;
        distance[source] = 0;
        queue.push_back(source);
        while let Some(v) = queue.pop_front() {
            order.push(v);
            for &w in &adjacent[v] {
                if distance[w] == usize::MAX {
                    distance[w] = distance[v] + 1;
                    queue.push_back(w);
                }
                if distance[w] == distance[v] + 1 {
                    paths[w] += paths[v];
                    predecessors[w].push(v);
                }
            }
        }
        while let Some(w) = order.pop() {
            for &v in &predecessors[w] {
                dependency[v] += paths[v] / paths[w] * (1.0 + dependency[w]);
            }
            if w != source {
                centrality[w] += dependency[w];
            }
        }
    }
    if !directed {
        centrality.iter_mut().for_each(|c| *c /= 2.0);
    }
    centrality
}

/// Weakly connected components: a component number per node, numbered from 0 by decreasing
/// size (ties: the component of the lower node first).
pub fn components(n: usize, edges: &[(usize, usize)]) -> Vec<usize> {
    let mut parent: Vec<usize> = (0..n).collect();
    fn root(parent: &mut [usize], mut v: usize) -> usize {
        while parent[v] != v {
            parent[v] = parent[parent[v]];
            v = parent[v];
        }
        v
    }
    for &(s, t) in edges {
        let (a, b) = (root(&mut parent, s), root(&mut parent, t));
        if a != b {
            parent[a.max(b)] = a.min(b);
        }
    }
    let roots: Vec<usize> = (0..n).map(|v| root(&mut parent, v)).collect();
    let mut size = vec![0usize; n];
    for &r in &roots {
        size[r] += 1;
    }
    let mut ordered: Vec<usize> = (0..n).filter(|&v| roots[v] == v).collect();
    ordered.sort_by_key(|&r| (std::cmp::Reverse(size[r]), r));
    let mut number = vec![0; n];
    for (i, &r) in ordered.iter().enumerate() {
        number[r] = i;
    }
    roots.iter().map(|&r| number[r]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(actual: f64, expected: f64) {
        assert!((actual - expected).abs() < 1e-9, "{actual} != {expected}");
    }

    /// Two resolutions citing one instrument: A → C, B → C; C has no outgoing edge.
    /// With d = 0.85, n = 3 and C's rank y spread evenly, by symmetry A = B = x:
    ///   x = 0.15/3 + 0.85·y/3,  x + x + y = 1  ⇒  4.7x = 1, x = 10/47, y = 27/47.
    #[test]
    fn pagerank_of_a_star_matches_the_hand_computation() {
        let ranks = pagerank(3, &[(0, 2, 1.0), (1, 2, 1.0)], true, 0.85);
        close(ranks[0], 10.0 / 47.0);
        close(ranks[1], 10.0 / 47.0);
        close(ranks[2], 27.0 / 47.0);
    }

    /// A → B (weight 3), A → C (weight 1), B → A, C → A. Let a, b, c be the ranks; with
    /// d = 0.85 and no dangling node: b = 0.05 + 0.85·¾a, c = 0.05 + 0.85·¼a,
    /// a = 0.05 + 0.85(b + c) and a + b + c = 1 ⇒ a = 0.05 + 0.85(1 − a) ⇒ a = 0.9/1.85.
    #[test]
    fn pagerank_follows_edge_weights() {
        let ranks = pagerank(
            3,
            &[(0, 1, 3.0), (0, 2, 1.0), (1, 0, 1.0), (2, 0, 1.0)],
            true,
            0.85,
        );
        let a = 0.9 / 1.85;
        close(ranks[0], a);
        close(ranks[1], 0.05 + 0.85 * 0.75 * a);
        close(ranks[2], 0.05 + 0.85 * 0.25 * a);
        close(ranks.iter().sum(), 1.0);
    }

    /// Undirected, every node has the same degree (a triangle): all ranks are 1/3.
    #[test]
    fn pagerank_of_a_regular_undirected_graph_is_uniform() {
        let ranks = pagerank(3, &[(0, 1, 1.0), (1, 2, 1.0), (0, 2, 1.0)], false, 0.85);
        ranks.iter().for_each(|&r| close(r, 1.0 / 3.0));
    }

    /// Directed path A → B → C: only B lies on a shortest path (A to C).
    #[test]
    fn betweenness_of_a_directed_path() {
        assert_eq!(betweenness(3, &[(0, 1), (1, 2)], true), vec![0.0, 1.0, 0.0]);
    }

    /// Undirected path a – b – c – d: b lies on a–c and a–d, c on a–d and b–d.
    /// Undirected diamond a – b, a – c, b – d, c – d: a–d has two shortest paths, so b and c
    /// get ½ each, and a, d likewise ½ each for the pair b–c.
    #[test]
    fn betweenness_of_undirected_graphs() {
        assert_eq!(
            betweenness(4, &[(0, 1), (1, 2), (2, 3)], false),
            vec![0.0, 2.0, 2.0, 0.0]
        );
        assert_eq!(
            betweenness(4, &[(0, 1), (0, 2), (1, 3), (2, 3)], false),
            vec![0.5; 4]
        );
    }

    /// {0, 1, 2} and {3, 4} and {5}: numbered by decreasing size.
    #[test]
    fn components_are_numbered_by_size() {
        assert_eq!(
            components(6, &[(3, 4), (1, 0), (2, 1)]),
            vec![0, 0, 0, 1, 1, 2]
        );
    }
}
