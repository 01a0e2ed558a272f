//! One rewrite of the ONNX graph before tract sees it: look rows up in an
//! int8 table *before* dequantising them.
//!
//! The model file stores each weight as int8 with a scale and
//! dequantises it in the graph (`Mul(Cast(table_q), scale)`). tract folds
//! that into a float constant at load time, except where the float table
//! would be four times the int8 one and over its folding budget (4 MiB):
//! the 30,522 × 384 word-embedding table (11.7 MB as int8, 47 MB as
//! float). That table was dequantised on every run, whatever the text, to
//! look up a few rows. Gathering the int8 rows and their scales first, then
//! casting and scaling only those, computes the same numbers (both steps
//! are element-wise) for 384 multiplications per token.

use tract_onnx::pb::{GraphProto, NodeProto};

/// Rewrites every `Gather(Mul(Cast(q), scale), indices)` on axis 0 whose
/// table and scale are initializers (the scale one per row, or one for
/// all) into `Mul(Cast(Gather(q, indices)), Gather(scale, indices))`.
/// Returns how many lookups were moved.
pub fn gather_before_dequantising(graph: &mut GraphProto) -> usize {
    let mut moved = 0;
    while let Some(plan) = next_rewrite(graph) {
        apply(graph, plan);
        moved += 1;
    }
    moved
}

/// The nodes of one rewrite, by position in `graph.node`.
struct Rewrite {
    cast: usize,
    mul: usize,
    gather: usize,
    table_q: String,
    scale: String,
    per_row: bool,
}

fn next_rewrite(graph: &GraphProto) -> Option<Rewrite> {
    let producer = |name: &str| {
        graph
            .node
            .iter()
            .position(|n| n.output.iter().any(|o| o == name))
    };
    let consumers = |name: &str| {
        graph
            .node
            .iter()
            .filter(|n| n.input.iter().any(|i| i == name))
            .count()
    };
    let initializer = |name: &str| graph.initializer.iter().find(|t| t.name == name);
    graph.node.iter().enumerate().find_map(|(gather, g)| {
        if g.op_type != "Gather" || axis(g) != 0 || g.input.len() != 2 {
            return None;
        }
        let mul = producer(&g.input[0])?;
        let m = &graph.node[mul];
        if m.op_type != "Mul" || m.input.len() != 2 || consumers(&g.input[0]) != 1 {
            return None;
        }
        let cast = producer(&m.input[0])?;
        let c = &graph.node[cast];
        if c.op_type != "Cast" || c.input.len() != 1 || consumers(&m.input[0]) != 1 {
            return None;
        }
        let (q, scale) = (initializer(&c.input[0])?, initializer(&m.input[1])?);
        let rows = *q.dims.first()?;
        let per_row = scale.dims.len() == 2 && scale.dims == [rows, 1];
        let one = scale.dims.iter().product::<i64>() == 1;
        (per_row || one).then(|| Rewrite {
            cast,
            mul,
            gather,
            table_q: q.name.clone(),
            scale: scale.name.clone(),
            per_row,
        })
    })
}

fn axis(node: &NodeProto) -> i64 {
    node.attribute
        .iter()
        .find(|a| a.name == "axis")
        .map_or(0, |a| a.i)
}

fn apply(graph: &mut GraphProto, r: Rewrite) {
    let g = graph.node[r.gather].clone();
    let cast = graph.node[r.cast].clone();
    let dequantised = graph.node[r.mul].output.clone();
    let (indices, out) = (g.input[1].clone(), g.output[0].clone());
    let name = |what: &str| format!("{out}/{what}");
    let node = |op: &str, inputs: Vec<String>, output: String, like: &NodeProto| NodeProto {
        op_type: op.into(),
        name: output.clone(),
        input: inputs,
        output: vec![output],
        attribute: like.attribute.clone(),
        ..Default::default()
    };
    let mut nodes = vec![
        node(
            "Gather",
            vec![r.table_q, indices.clone()],
            name("rows_q"),
            &g,
        ),
        node("Cast", vec![name("rows_q")], name("rows_f"), &cast),
    ];
    let scale = if r.per_row {
        nodes.push(node("Gather", vec![r.scale, indices], name("scales"), &g));
        name("scales")
    } else {
        r.scale
    };
    let mut mul = node("Mul", vec![name("rows_f"), scale], out.clone(), &g);
    mul.attribute.clear();
    mul.name = out;
    nodes.push(mul);
    // Replace the Gather in place (its inputs are defined before it), then
    // drop the dequantisation of the whole table (used by nothing else).
    graph.node.splice(r.gather..=r.gather, nodes);
    graph
        .node
        .retain(|n| n.output != cast.output && n.output != dequantised);
}

#[cfg(test)]
mod tests {
    use super::*;
    use tract_onnx::pb::TensorProto;

    fn node(op: &str, inputs: &[&str], output: &str) -> NodeProto {
        NodeProto {
            op_type: op.into(),
            input: inputs.iter().map(|i| i.to_string()).collect(),
            output: vec![output.into()],
            ..Default::default()
        }
    }

    fn table(name: &str, dims: &[i64]) -> TensorProto {
        TensorProto {
            name: name.into(),
            dims: dims.to_vec(),
            ..Default::default()
        }
    }

    fn ops(graph: &GraphProto) -> Vec<(&str, Vec<&str>)> {
        graph
            .node
            .iter()
            .map(|n| {
                let inputs = n.input.iter().map(String::as_str).collect();
                (n.op_type.as_str(), inputs)
            })
            .collect()
    }

    fn embedding_graph(scale_dims: &[i64]) -> GraphProto {
        GraphProto {
            node: vec![
                node("Cast", &["w_q"], "w_f"),
                node("Mul", &["w_f", "w_scale"], "w"),
                node("Gather", &["w", "ids"], "emb"),
                node("Add", &["emb", "pos"], "out"),
            ],
            initializer: vec![table("w_q", &[10, 4]), table("w_scale", scale_dims)],
            ..Default::default()
        }
    }

    #[test]
    fn a_lookup_in_a_per_row_table_gathers_rows_and_scales_first() {
        let mut g = embedding_graph(&[10, 1]);
        assert_eq!(gather_before_dequantising(&mut g), 1);
        assert_eq!(
            ops(&g),
            vec![
                ("Gather", vec!["w_q", "ids"]),
                ("Cast", vec!["emb/rows_q"]),
                ("Gather", vec!["w_scale", "ids"]),
                ("Mul", vec!["emb/rows_f", "emb/scales"]),
                ("Add", vec!["emb", "pos"]),
            ]
        );
    }

    #[test]
    fn a_single_scale_is_used_as_it_is() {
        let mut g = embedding_graph(&[1]);
        assert_eq!(gather_before_dequantising(&mut g), 1);
        assert_eq!(ops(&g)[2], ("Mul", vec!["emb/rows_f", "w_scale"]));
    }

    #[test]
    fn other_graphs_are_left_alone() {
        // A per-column scale would need another gather axis: not rewritten.
        let mut g = embedding_graph(&[1, 4]);
        let before = g.clone();
        assert_eq!(gather_before_dequantising(&mut g), 0);
        assert_eq!(g, before);
        // The dequantised table has another reader: folding it stays.
        let mut g = embedding_graph(&[10, 1]);
        g.node.push(node("MatMul", &["x", "w"], "y"));
        assert_eq!(gather_before_dequantising(&mut g), 0);
    }
}
