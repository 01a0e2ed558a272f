//! The route table of `docs/src/using/routes.md`, generated from the OpenAPI
//! document the daemon serves at `/openapi.json`: one table per tag, in the
//! document's tag order, with each operation's method, path, credentials,
//! summary and documented status codes.

use serde_json::Value;

const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

/// The Markdown between the page's `routes` markers.
pub fn markdown(doc: &Value) -> String {
    let operations = operations(doc);
    let mut tags: Vec<(String, String)> = list(&doc["tags"])
        .iter()
        .map(|t| (text(&t["name"]), text(&t["description"])))
        .collect();
    if operations
        .iter()
        .any(|o| !tags.iter().any(|(t, _)| *t == o.tag))
    {
        tags.push(("other".into(), "Routes without a tag".into()));
    }
    let mut out = String::new();
    for (tag, description) in tags {
        let rows: Vec<&Operation> = operations.iter().filter(|o| o.tag == tag).collect();
        if rows.is_empty() {
            continue;
        }
        out.push_str(&format!("\n## {tag}\n\n{description}.\n\n"));
        out.push_str("| method and path | credentials | what | answers |\n|---|---|---|---|\n");
        for o in rows {
            out.push_str(&format!(
                "| `{} {}` | {} | {} | {} |\n",
                o.method.to_uppercase(),
                o.path,
                o.credentials,
                one_line(&o.summary).replace('|', "\\|"),
                o.statuses.join(", ")
            ));
        }
    }
    out.push('\n');
    out
}

/// One method on one path.
struct Operation {
    tag: String,
    method: String,
    path: String,
    credentials: String,
    summary: String,
    statuses: Vec<String>,
}

fn operations(doc: &Value) -> Vec<Operation> {
    let empty = serde_json::Map::new();
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap_or(&empty) {
        for method in METHODS {
            let op = &item[method];
            if op.is_null() {
                continue;
            }
            let tag = list(&op["tags"]).first().map_or("other".into(), text);
            out.push(Operation {
                tag,
                method: method.to_owned(),
                path: path.clone(),
                credentials: credentials(doc, &op["security"]),
                summary: text(&op["summary"]),
                statuses: op["responses"]
                    .as_object()
                    .map(|r| r.keys().cloned().collect())
                    .unwrap_or_default(),
            });
        }
    }
    out.sort_by(|a, b| (&a.path, &a.method).cmp(&(&b.path, &b.method)));
    out
}

/// How a caller authenticates, from the operation's security requirements.
fn credentials(doc: &Value, security: &Value) -> String {
    let schemes = &doc["components"]["securitySchemes"];
    let names: Vec<String> = list(security)
        .iter()
        .filter_map(Value::as_object)
        .flat_map(|requirement| requirement.keys())
        .map(|name| {
            let scheme = &schemes[name];
            match text(&scheme["type"]).as_str() {
                "apiKey" if text(&scheme["in"]) == "query" => {
                    format!("key in `?{}=`", text(&scheme["name"]))
                }
                "apiKey" => format!("key in `{}`", text(&scheme["name"])),
                "http" => format!(
                    "key as `Authorization: {}`",
                    title(&text(&scheme["scheme"]))
                ),
                _ => format!("`{name}`"),
            }
        })
        .collect();
    if names.is_empty() {
        "none".into()
    } else {
        names.join(" or ")
    }
}

/// Doc comments wrap; a table cell is one line.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn list(v: &Value) -> &[Value] {
    v.as_array().map_or(&[], Vec::as_slice)
}

fn text(v: &Value) -> String {
    v.as_str().unwrap_or_default().trim().to_owned()
}

fn title(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
