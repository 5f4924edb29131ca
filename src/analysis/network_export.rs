//! The entity network as files other tools read: GEXF 1.3 (Gephi), GraphML (Cytoscape,
//! yEd, NetworkX) and plain JSON (scripts). Nodes carry the entity's name, kind, mentions
//! and documents; edges the number of paragraphs that mention both ends.

use std::fmt::Write as _;

use quick_xml::escape::escape;
use serde::Serialize;

use super::network::Network;

/// The file formats of `dossier network --format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum NetworkFormat {
    /// GEXF, for Gephi.
    Gexf,
    /// GraphML.
    Graphml,
    /// Nodes and edges as JSON.
    Json,
}

impl NetworkFormat {
    /// The file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Gexf => "gexf",
            Self::Graphml => "graphml",
            Self::Json => "json",
        }
    }
}

/// The network as text in `format`.
pub fn write(network: &Network, format: NetworkFormat) -> String {
    match format {
        NetworkFormat::Gexf => gexf(network),
        NetworkFormat::Graphml => graphml(network),
        NetworkFormat::Json => json(network),
    }
}

fn gexf(network: &Network) -> String {
    let mut out = String::with_capacity(256 + network.nodes.len() * 200);
    out.push_str(concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
        "<gexf xmlns=\"http://gexf.net/1.3\" version=\"1.3\">\n",
        "  <meta>\n    <creator>Dossier</creator>\n",
        "    <description>Entities that appear in the same paragraph; edge weight: \
         paragraphs that mention both</description>\n  </meta>\n",
        "  <graph defaultedgetype=\"undirected\" mode=\"static\">\n",
        "    <attributes class=\"node\">\n",
        "      <attribute id=\"kind\" title=\"kind\" type=\"string\"/>\n",
        "      <attribute id=\"mentions\" title=\"mentions\" type=\"integer\"/>\n",
        "      <attribute id=\"documents\" title=\"documents\" type=\"integer\"/>\n",
        "    </attributes>\n    <nodes>\n",
    ));
    for (i, n) in network.nodes.iter().enumerate() {
        let _ = write!(
            out,
            "      <node id=\"n{i}\" label=\"{}\">\n        <attvalues>\n          \
             <attvalue for=\"kind\" value=\"{}\"/>\n          \
             <attvalue for=\"mentions\" value=\"{}\"/>\n          \
             <attvalue for=\"documents\" value=\"{}\"/>\n        </attvalues>\n      </node>\n",
            escape(n.id.key.as_str()),
            n.id.kind.label(),
            n.mentions,
            n.documents
        );
    }
    out.push_str("    </nodes>\n    <edges>\n");
    for (i, e) in network.edges.iter().enumerate() {
        let _ = writeln!(
            out,
            "      <edge id=\"e{i}\" source=\"n{}\" target=\"n{}\" weight=\"{}\"/>",
            e.a, e.b, e.weight
        );
    }
    out.push_str("    </edges>\n  </graph>\n</gexf>\n");
    out
}

fn graphml(network: &Network) -> String {
    let mut out = String::with_capacity(256 + network.nodes.len() * 200);
    out.push_str(concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
        "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n",
        "  <key id=\"label\" for=\"node\" attr.name=\"label\" attr.type=\"string\"/>\n",
        "  <key id=\"kind\" for=\"node\" attr.name=\"kind\" attr.type=\"string\"/>\n",
        "  <key id=\"mentions\" for=\"node\" attr.name=\"mentions\" attr.type=\"int\"/>\n",
        "  <key id=\"documents\" for=\"node\" attr.name=\"documents\" attr.type=\"int\"/>\n",
        "  <key id=\"weight\" for=\"edge\" attr.name=\"weight\" attr.type=\"int\"/>\n",
        "  <graph id=\"entities\" edgedefault=\"undirected\">\n",
    ));
    for (i, n) in network.nodes.iter().enumerate() {
        let _ = writeln!(
            out,
            "    <node id=\"n{i}\"><data key=\"label\">{}</data><data key=\"kind\">{}</data>\
             <data key=\"mentions\">{}</data><data key=\"documents\">{}</data></node>",
            escape(n.id.key.as_str()),
            n.id.kind.label(),
            n.mentions,
            n.documents
        );
    }
    for (i, e) in network.edges.iter().enumerate() {
        let _ = writeln!(
            out,
            "    <edge id=\"e{i}\" source=\"n{}\" target=\"n{}\"><data key=\"weight\">{}</data>\
             </edge>",
            e.a, e.b, e.weight
        );
    }
    out.push_str("  </graph>\n</graphml>\n");
    out
}

#[derive(Serialize)]
struct JsonNode<'a> {
    id: String,
    label: &'a str,
    kind: &'static str,
    mentions: usize,
    documents: usize,
}

#[derive(Serialize)]
struct JsonEdge {
    source: String,
    target: String,
    weight: usize,
}

#[derive(Serialize)]
struct JsonNetwork<'a> {
    nodes: Vec<JsonNode<'a>>,
    edges: Vec<JsonEdge>,
}

fn json(network: &Network) -> String {
    let doc = JsonNetwork {
        nodes: network
            .nodes
            .iter()
            .enumerate()
            .map(|(i, n)| JsonNode {
                id: format!("n{i}"),
                label: &n.id.key,
                kind: n.id.kind.label(),
                mentions: n.mentions,
                documents: n.documents,
            })
            .collect(),
        edges: network
            .edges
            .iter()
            .map(|e| JsonEdge {
                source: format!("n{}", e.a),
                target: format!("n{}", e.b),
                weight: e.weight,
            })
            .collect(),
    };
    // Serialising plain structs of strings and numbers cannot fail.
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::network::{Edge, Node};
    use crate::entities::{EntityId, EntityKind};

    fn sample() -> Network {
        let node = |key: &str, kind, mentions| Node {
            id: EntityId {
                kind,
                key: key.into(),
            },
            mentions,
            documents: 1,
        };
        Network {
            nodes: vec![
                node("Vladimir Putin", EntityKind::Person, 4),
                node("Ahmed al-Sharaa", EntityKind::Person, 3),
                node("AT&T <\"Ţarţūs\">", EntityKind::Org, 1),
            ],
            edges: vec![
                Edge {
                    a: 0,
                    b: 1,
                    weight: 3,
                },
                Edge {
                    a: 1,
                    b: 2,
                    weight: 1,
                },
            ],
        }
    }

    #[test]
    fn gexf_parses_and_has_every_node_and_edge() {
        let text = write(&sample(), NetworkFormat::Gexf);
        let doc = roxmltree::Document::parse(&text).expect("well-formed XML");
        let nodes: Vec<roxmltree::Node> = doc
            .descendants()
            .filter(|n| n.has_tag_name("node"))
            .collect();
        let labels: Vec<&str> = nodes.iter().filter_map(|n| n.attribute("label")).collect();
        assert_eq!(
            labels,
            ["Vladimir Putin", "Ahmed al-Sharaa", "AT&T <\"Ţarţūs\">"]
        );
        let edges: Vec<(&str, &str, &str)> = doc
            .descendants()
            .filter(|n| n.has_tag_name("edge"))
            .filter_map(|n| {
                Some((
                    n.attribute("source")?,
                    n.attribute("target")?,
                    n.attribute("weight")?,
                ))
            })
            .collect();
        assert_eq!(edges, [("n0", "n1", "3"), ("n1", "n2", "1")]);
        let kinds: Vec<&str> = doc
            .descendants()
            .filter(|n| n.has_tag_name("attvalue") && n.attribute("for") == Some("kind"))
            .filter_map(|n| n.attribute("value"))
            .collect();
        assert_eq!(kinds, ["PER", "PER", "ORG"]);
    }

    #[test]
    fn graphml_and_json_carry_the_same_graph() {
        let text = write(&sample(), NetworkFormat::Graphml);
        let doc = roxmltree::Document::parse(&text).expect("well-formed XML");
        assert_eq!(
            doc.descendants().filter(|n| n.has_tag_name("node")).count(),
            3
        );
        let weights: Vec<String> = doc
            .descendants()
            .filter(|n| n.has_tag_name("edge"))
            .filter_map(|n| {
                n.children()
                    .find(|c| c.has_tag_name("data"))?
                    .text()
                    .map(str::to_owned)
            })
            .collect();
        assert_eq!(weights, ["3", "1"]);
        let json: serde_json::Value =
            serde_json::from_str(&write(&sample(), NetworkFormat::Json)).expect("json");
        assert_eq!(json["nodes"][2]["label"], "AT&T <\"Ţarţūs\">");
        assert_eq!(json["edges"][0]["weight"], 3);
        assert_eq!(json["edges"][1]["source"], "n1");
    }
}
