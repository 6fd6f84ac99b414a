use claw_lint::analysis::{docstring, python::summarize, vagueness::*};
fn main() {
    let catalog = claw_lint::catalog::Catalog::embedded().unwrap();
    let spec: LexiconSpec = catalog.lexicons.get("ml-params").unwrap();
    let lex = Lexicon::compile(&spec).unwrap();
    for path in std::env::args().skip(1) {
        let Ok(text) = std::fs::read_to_string(&path) else { continue };
        let m = summarize(&text);
        for f in &m.functions {
            if !f.is_public { continue; }
            let Some(doc) = &f.docstring else { continue };
            let parsed = docstring::parse(&doc.text);
            for p in &f.params {
                let Some(e) = parsed.entry(&p.name) else { continue };
                let facts = ParamFacts { name: &p.name, annotation: p.annotation.as_deref().unwrap_or(""), default: p.default.as_deref().unwrap_or(""), type_text: &e.type_text, doc_default: e.default.as_deref().unwrap_or(""), description: &e.description, context: &doc.text };
                let v = classify(&facts, &lex);
                let tag = match v { Verdict::Adequate => "OK", Verdict::Empty => "EMPTY", Verdict::Vague(_) => "VAGUE", Verdict::MissingFacts(_) => "MISSING" };
                let d: String = e.description.chars().take(110).collect();
                println!("{tag}\t{path}:{}\t{}\t[{}|{}]\t{}", doc.line as usize + e.line, p.name, e.type_text, p.annotation.as_deref().unwrap_or(""), d);
            }
        }
    }
}
