//! A force-directed layout for the entity network (Fruchterman and Reingold, 1991):
//! connected nodes pull together, all nodes push apart, and a cooling temperature bounds
//! each move so the layout settles. Deterministic (a fixed spiral start), and a node can be
//! pinned where the user drags it while the rest settles around it.

/// Positions in a unit square around (0, 0), one per node.
#[derive(Clone, Debug)]
pub struct ForceLayout {
    /// Each node's position, in node order.
    pub positions: Vec<[f32; 2]>,
    edges: Vec<(usize, usize, f32)>,
    pinned: Vec<bool>,
    temperature: f32,
    /// Ideal distance between nodes.
    k: f32,
}

/// Moves smaller than this (in the unit square) count as settled.
const SETTLED: f32 = 2e-4;
/// The temperature's decay per step.
const COOLING: f32 = 0.95;

impl ForceLayout {
    /// A layout of `nodes` nodes joined by `edges` (a, b, weight), started on a spiral
    /// (heavier nodes, listed first, near the centre).
    pub fn new(nodes: usize, edges: impl IntoIterator<Item = (usize, usize, f32)>) -> Self {
        let golden = std::f32::consts::PI * (3.0 - 5f32.sqrt());
        let positions = (0..nodes)
            .map(|i| {
                let r = 0.5 * ((i as f32 + 0.5) / nodes.max(1) as f32).sqrt();
                let a = i as f32 * golden;
                [r * a.cos(), r * a.sin()]
            })
            .collect();
        let edges = edges
            .into_iter()
            .filter(|(a, b, _)| a != b && *a < nodes && *b < nodes)
            // Heavy edges pull harder, with diminishing returns.
            .map(|(a, b, w)| (a, b, 1.0 + 0.5 * w.max(0.0).ln_1p()))
            .collect();
        Self {
            positions,
            edges,
            pinned: vec![false; nodes],
            temperature: 0.1,
            k: (1.0 / nodes.max(1) as f32).sqrt(),
        }
    }

    /// Keeps node `i` at `at` (while the user drags it) and warms the layout so the others
    /// follow.
    pub fn pin(&mut self, i: usize, at: [f32; 2]) {
        if let (Some(p), Some(pinned)) = (self.positions.get_mut(i), self.pinned.get_mut(i)) {
            *p = at;
            *pinned = true;
            self.temperature = self.temperature.max(0.02);
        }
    }

    /// Lets node `i` move again.
    pub fn unpin(&mut self, i: usize) {
        if let Some(pinned) = self.pinned.get_mut(i) {
            *pinned = false;
        }
    }

    /// True once no step moves any node noticeably.
    pub fn settled(&self) -> bool {
        self.temperature < SETTLED
    }

    /// One step; returns the largest move.
    pub fn step(&mut self) -> f32 {
        let n = self.positions.len();
        let k = self.k;
        let k2 = k * k;
        let mut force = vec![[0f32; 2]; n];
        // Repulsion between every pair: O(n²), a few milliseconds for 500 nodes.
        for i in 0..n {
            let [xi, yi] = self.positions[i];
            for j in i + 1..n {
                let [xj, yj] = self.positions[j];
                let (dx, dy) = (xi - xj, yi - yj);
                let d2 = (dx * dx + dy * dy).max(1e-6);
                let f = k2 / d2;
                force[i][0] += dx * f;
                force[i][1] += dy * f;
                force[j][0] -= dx * f;
                force[j][1] -= dy * f;
            }
        }
        for &(a, b, w) in &self.edges {
            let (dx, dy) = (
                self.positions[a][0] - self.positions[b][0],
                self.positions[a][1] - self.positions[b][1],
            );
            let d = (dx * dx + dy * dy).sqrt();
            let f = w * d / k;
            force[a][0] -= dx * f;
            force[a][1] -= dy * f;
            force[b][0] += dx * f;
            force[b][1] += dy * f;
        }
        let mut largest = 0f32;
        for (i, p) in self.positions.iter_mut().enumerate() {
            if self.pinned[i] {
                continue;
            }
            // A weak pull to the centre keeps unconnected parts on screen.
            let f = [force[i][0] - p[0] * 0.05, force[i][1] - p[1] * 0.05];
            let len = (f[0] * f[0] + f[1] * f[1]).sqrt();
            if len <= 0.0 || !len.is_finite() {
                continue;
            }
            let step = len.min(self.temperature);
            p[0] = (p[0] + f[0] / len * step).clamp(-1.0, 1.0);
            p[1] = (p[1] + f[1] / len * step).clamp(-1.0, 1.0);
            largest = largest.max(step);
        }
        self.temperature *= COOLING;
        largest
    }

    /// Steps until settled or `max_steps`; returns the steps taken.
    pub fn run(&mut self, max_steps: usize) -> usize {
        let mut steps = 0;
        while steps < max_steps && !self.settled() {
            self.step();
            steps += 1;
        }
        steps
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn distance(l: &ForceLayout, a: usize, b: usize) -> f32 {
        let (p, q) = (l.positions[a], l.positions[b]);
        ((p[0] - q[0]).powi(2) + (p[1] - q[1]).powi(2)).sqrt()
    }

    #[test]
    fn linked_nodes_end_closer_than_unlinked_ones_and_it_settles() {
        // Two triangles joined by one light edge.
        let edges = [
            (0, 1, 5.0),
            (1, 2, 5.0),
            (0, 2, 5.0),
            (3, 4, 5.0),
            (4, 5, 5.0),
            (3, 5, 5.0),
            (2, 3, 1.0),
        ];
        let mut l = ForceLayout::new(6, edges);
        let steps = l.run(1000);
        assert!(l.settled(), "settles within {steps} steps");
        assert!(distance(&l, 0, 1) < distance(&l, 0, 4));
        assert!(distance(&l, 3, 5) < distance(&l, 1, 5));
        // Deterministic.
        let mut again = ForceLayout::new(6, edges);
        again.run(1000);
        assert_eq!(l.positions, again.positions);
    }

    #[test]
    fn a_pinned_node_stays_where_it_was_put() {
        let mut l = ForceLayout::new(3, [(0, 1, 1.0), (1, 2, 1.0)]);
        l.run(200);
        l.pin(1, [0.8, -0.8]);
        for _ in 0..50 {
            l.step();
        }
        assert_eq!(l.positions[1], [0.8, -0.8]);
        l.unpin(1);
        l.step();
        assert_ne!(l.positions[1], [0.8, -0.8]);
    }

    #[test]
    fn empty_and_single_node_layouts_are_fine() {
        let mut none = ForceLayout::new(0, []);
        none.run(10);
        assert!(none.positions.is_empty());
        let mut one = ForceLayout::new(1, [(0, 0, 1.0), (0, 5, 1.0)]);
        one.run(10);
        assert!(one.positions[0].iter().all(|c| c.is_finite()));
    }
}
