//! `sokhan train ner`: trains the named-entity recognizer from BIO files and name lists and
//! writes the model file that the library embeds.

use anyhow::{bail, Context, Result};
use sokhan::entities::gazetteer::{self, Gazetteer};
use sokhan::entities::ner::{self, Label, Lists, Recognizer, TrainOptions, TrainSentence};
use sokhan::entities::EntityType;
use sokhan::{Pipeline, Sentence};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Arguments of `sokhan train ner`.
#[derive(clap::Args, Debug, Clone)]
pub struct TrainNerArgs {
    /// The shared data folder (the defaults below are read from it).
    #[arg(long, default_value = "../shared/data")]
    pub data: PathBuf,
    /// Training files in BIO (`token<TAB>label`, blank line between sentences), relative to
    /// --data unless absolute. `FILE:train` keeps sentence i when i % 10 != 9 only, `FILE:val`
    /// when i % 10 == 9 (Sokhan's split of PerDT dev).
    #[arg(long, num_args = 1.., default_values = ["ner/parstwiner-train.txt", "perdt-extra/perdt-dev-ner.txt:train"])]
    pub train: Vec<String>,
    /// Validation files, scored after training (never trained on); same syntax as --train.
    #[arg(long, num_args = 0.., default_values = ["ner/parstwiner-dev.txt", "perdt-extra/perdt-dev-ner.txt:val"])]
    pub dev: Vec<String>,
    /// Where to write the model.
    #[arg(long, default_value = "crates/sokhan/models/ner.skm")]
    pub out: PathBuf,
    /// Passes over the training data.
    #[arg(long, default_value_t = TrainOptions::default().epochs)]
    pub epochs: usize,
    /// Seed of the shuffling: the same data and seed give the same model.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Leave the name lists out (for measuring what they bring).
    #[arg(long)]
    pub no_gazetteer: bool,
    /// Leave out the names of the training data as a list (jack-knifed in training).
    #[arg(long)]
    pub no_train_names: bool,
    /// Leave out the recognizer's own word clusters.
    #[arg(long)]
    pub no_clusters: bool,
    /// Bijankhan `token<TAB>tag` corpus: its proper-noun tags become a list, its text feeds
    /// the word clusters (relative to --data unless absolute; `-` for none).
    #[arg(long, default_value = "bijankhan-train.tsv")]
    pub bijankhan: String,
    /// Raw tokenized text (one token a line, blank line between sentences) for the word
    /// clusters, besides the training sentences and Bijankhan (`-` for none).
    #[arg(long, default_value = "perdt-train-tokens.txt")]
    pub raw: String,
    /// Averaged weights smaller than this are dropped (a smaller, faster-loading model).
    #[arg(long, default_value_t = TrainOptions::default().min_weight)]
    pub min_weight: f32,
    /// Self-training: how many lines of --unlabeled to label with a first model and add to
    /// the training data of the second (0 = off).
    #[arg(long, default_value_t = 0)]
    pub self_train: usize,
    /// Raw text, one sentence a line, for --self-train (relative to --data unless absolute).
    #[arg(long, default_value = "perdt-train-raw.txt")]
    pub unlabeled: String,
    /// Folds of the jack-knifed training-name list.
    #[arg(long, default_value_t = 5)]
    pub folds: usize,
}

fn data_path(data: &Path, file: &str) -> Option<PathBuf> {
    (file != "-").then(|| if Path::new(file).is_absolute() { PathBuf::from(file) } else { data.join(file) })
}

/// Sentences of a one-token-a-line file (blank line between sentences), normalized.
fn token_lines(pipeline: &Pipeline, text: &str, column: Option<usize>) -> Vec<Vec<String>> {
    let mut out = vec![Vec::new()];
    for line in text.lines() {
        let tok = match column {
            Some(c) => line.split('\t').nth(c).unwrap_or(""),
            None => line,
        };
        let tok = tok.trim();
        if tok.is_empty() {
            if !out.last().is_some_and(Vec::is_empty) {
                out.push(Vec::new());
            }
            continue;
        }
        let norm = pipeline.normalizer().normalize(tok).as_str().to_string();
        let last = out.last_mut().expect("never empty");
        last.push(norm);
        // Bijankhan has no blank lines: its sentences end at a full stop or a question mark.
        if column.is_some() && matches!(tok, "." | "؟" | "!") {
            out.push(Vec::new());
        }
    }
    out.retain(|s| !s.is_empty());
    out
}

/// What Bijankhan tags as proper nouns, by form: the list entries of its names and places.
fn bijankhan_entries(rows: &[(String, String)]) -> Vec<(String, u16)> {
    let mut counts: BTreeMap<&str, (u32, u32, u32)> = BTreeMap::new();
    for (form, tag) in rows {
        let c = counts.entry(form.as_str()).or_default();
        c.0 += 1;
        if tag.contains("LOC_PR") {
            c.2 += 1;
        } else if tag.contains("_PR") {
            c.1 += 1;
        }
    }
    counts
        .into_iter()
        .filter_map(|(form, (n, pr, loc))| {
            let class = if n >= 2 && 2 * pr >= n {
                gazetteer::BJ_NAME
            } else if n >= 2 && 2 * loc >= n {
                gazetteer::BJ_PLACE
            } else if pr + loc > 0 {
                gazetteer::BJ_SOMETIMES
            } else {
                return None;
            };
            Some((form.to_string(), class))
        })
        .collect()
}

fn train_class(t: EntityType) -> u16 {
    match t {
        EntityType::Person => gazetteer::TRAIN_PER,
        EntityType::Organization => gazetteer::TRAIN_ORG,
        EntityType::Location => gazetteer::TRAIN_LOC,
        _ => gazetteer::TRAIN_EVENT,
    }
}

/// The names of analysed training sentences as list entries (normalized tokens joined by
/// spaces); a single token only when it is a name in at least a third of its occurrences.
fn train_entries<'a>(sentences: impl Iterator<Item = &'a (Sentence, Vec<Label>)> + Clone) -> Vec<(String, u16)> {
    let mut seen: std::collections::HashMap<&str, u32> = Default::default();
    for (s, _) in sentences.clone() {
        for t in &s.tokens {
            *seen.entry(t.norm.as_str()).or_default() += 1;
        }
    }
    let mut named: BTreeMap<(String, u16), u32> = BTreeMap::new();
    for (s, labels) in sentences {
        for (k, a, b) in ner::spans_of(labels) {
            let phrase: Vec<&str> = s.tokens[a..b].iter().map(|t| t.norm.as_str()).collect();
            *named.entry((phrase.join(" "), train_class(k))).or_default() += 1;
        }
    }
    named
        .into_iter()
        .filter(|((p, _), n)| p.contains(' ') || 3 * n >= seen.get(p.as_str()).copied().unwrap_or(0))
        .map(|(k, _)| k)
        .collect()
}

/// How the data sets' types map to Sokhan's: ParsTwiNER's political groups (`POG`) are
/// organisations, its nationalities (`NAT`, adjectives such as `ایرانی`) are not entities
/// here; dates, times, money and percentages (`DAT`, `TIM`, `MON`, `PCT`) are left to the
/// value grammars and not learned.
fn map_type(t: &str) -> Option<EntityType> {
    match t {
        "PER" | "PERS" => Some(EntityType::Person),
        "ORG" | "POG" => Some(EntityType::Organization),
        "LOC" => Some(EntityType::Location),
        "EVE" | "EVENT" => Some(EntityType::Event),
        _ => None,
    }
}

/// The labels the recognizer learns.
fn label_set() -> Vec<Label> {
    let mut v = vec![Label::O];
    for t in [EntityType::Person, EntityType::Organization, EntityType::Location, EntityType::Event] {
        v.push(Label::B(t));
        v.push(Label::I(t));
    }
    v
}

/// A sentence of a BIO file: tokens and their (mapped) labels.
struct BioSentence {
    tokens: Vec<String>,
    labels: Vec<Label>,
}

fn read_bio(spec: &str, data: &Path) -> Result<Vec<BioSentence>> {
    let (file, part) = match spec.rsplit_once(':') {
        Some((f, p @ ("train" | "val"))) => (f, Some(p)),
        _ => (spec, None),
    };
    let path = if Path::new(file).is_absolute() { PathBuf::from(file) } else { data.join(file) };
    let text = crate::input::read_to_string(&path)?;
    let blocks = sokhan::eval::ner::read_bio(&text).with_context(|| format!("cannot read {} as BIO", path.display()))?;
    let mut out = Vec::new();
    for (i, b) in blocks.into_iter().enumerate() {
        let keep = match part {
            Some("train") => i % 10 != 9,
            Some("val") => i % 10 == 9,
            _ => true,
        };
        if !keep {
            continue;
        }
        // Entities as conlleval reads them (an `I-` after `O` starts one), then BIO.
        let mut labels = vec![Label::O; b.tokens.len()];
        for e in b.entities() {
            if let Some(t) = map_type(&e.kind) {
                for (k, l) in labels.iter_mut().enumerate().take(e.end).skip(e.start) {
                    *l = if k == e.start { Label::B(t) } else { Label::I(t) };
                }
            }
        }
        out.push(BioSentence { tokens: b.tokens.into_iter().map(|t| t.form).collect(), labels });
    }
    Ok(out)
}

/// A BIO sentence analysed by Sokhan: its sentences, their gold token labels, and the gold
/// entities as byte spans of the joined text.
struct Prepared {
    sentences: Vec<(Sentence, Vec<Label>)>,
    gold: Vec<(EntityType, usize, usize)>,
}

fn prepare(pipeline: &Pipeline, s: &BioSentence) -> Prepared {
    let mut text = String::new();
    let mut starts = Vec::with_capacity(s.tokens.len());
    for t in &s.tokens {
        if !text.is_empty() {
            text.push(' ');
        }
        starts.push(text.len());
        text.push_str(t);
    }
    let ends: Vec<usize> = starts.iter().zip(&s.tokens).map(|(a, t)| a + t.len()).collect();
    let gold = ner::spans_of(&s.labels).into_iter().map(|(k, a, b)| (k, starts[a], ends[b - 1])).collect();
    let doc = pipeline.analyze(&text);
    let sentences = doc
        .sentences
        .into_iter()
        .map(|sent| {
            let labels = ner::labels_for_spans(&sent, &starts, &ends, &s.labels);
            (sent, labels)
        })
        .collect();
    Prepared { sentences, gold }
}

/// Exact-span counts per type: (gold, system, correct).
type Counts = BTreeMap<&'static str, (usize, usize, usize)>;

fn score_into(counts: &mut Counts, gold: &[(EntityType, usize, usize)], system: &[(EntityType, usize, usize)]) {
    for g in gold {
        counts.entry(g.0.name()).or_default().0 += 1;
    }
    for s in system {
        let c = counts.entry(s.0.name()).or_default();
        c.1 += 1;
        if gold.contains(s) {
            c.2 += 1;
        }
    }
}

fn f1(g: usize, s: usize, c: usize) -> (f64, f64, f64) {
    let p = if s == 0 { 0.0 } else { c as f64 / s as f64 };
    let r = if g == 0 { 0.0 } else { c as f64 / g as f64 };
    let f = if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) };
    (100.0 * p, 100.0 * r, 100.0 * f)
}

/// A table of per-type and micro scores.
fn report(name: &str, counts: &Counts) -> String {
    let mut out = format!("{name}\n  {:<8} {:>6} {:>6} {:>6}  {:>6} {:>6} {:>6}\n", "type", "gold", "system", "right", "P", "R", "F1");
    let (mut tg, mut ts, mut tc) = (0, 0, 0);
    for (t, &(g, s, c)) in counts {
        let (p, r, f) = f1(g, s, c);
        out.push_str(&format!("  {t:<8} {g:>6} {s:>6} {c:>6}  {p:>6.2} {r:>6.2} {f:>6.2}\n"));
        tg += g;
        ts += s;
        tc += c;
    }
    let (p, r, f) = f1(tg, ts, tc);
    out.push_str(&format!("  {:<8} {tg:>6} {ts:>6} {tc:>6}  {p:>6.2} {r:>6.2} {f:>6.2}\n", "micro"));
    out
}

/// Reads the name lists of the shared data folder, each entry normalized and segmented as
/// text is: `(tokens joined by spaces, class bits)`.
fn gazetteer_entries(pipeline: &Pipeline, data: &Path) -> Result<Vec<(String, u16)>> {
    let dir = data.join("gazetteer");
    let mut raw: Vec<(String, u16)> = Vec::new();
    let names = crate::input::read_to_string(&dir.join("given-names.csv"))?;
    for line in names.lines().skip(1) {
        if let Some(name) = line.split(',').next() {
            raw.push((name.trim_matches('"').to_string(), gazetteer::GIVEN_NAME));
        }
    }
    let json = |p: &str| -> Result<serde_json::Value> {
        let path = dir.join(p);
        serde_json::from_str(&crate::input::read_to_string(&path)?).with_context(|| format!("cannot read {} as JSON", path.display()))
    };
    let provinces = json("iran-provinces-cities.json")?;
    for p in provinces.as_array().into_iter().flatten() {
        if let Some(name) = p["province-fa"].as_str() {
            raw.push((name.to_string(), gazetteer::PROVINCE));
        }
        for c in p["cities"].as_array().into_iter().flatten() {
            if let Some(name) = c["city-fa"].as_str() {
                raw.push((name.to_string(), gazetteer::CITY));
            }
        }
    }
    for (file, key, class) in [("cldr-fa/territories.json", "territories", gazetteer::COUNTRY), ("cldr-fa/languages.json", "languages", gazetteer::LANGUAGE)] {
        let v = json(file)?;
        for (_, name) in v["main"]["fa"]["localeDisplayNames"][key].as_object().into_iter().flatten() {
            if let Some(name) = name.as_str() {
                raw.push((name.to_string(), class));
            }
        }
    }
    if raw.len() < 1000 {
        bail!("the name lists in {} hold only {} entries: is it the shared data folder?", dir.display(), raw.len());
    }
    let mut out = Vec::with_capacity(raw.len());
    for (entry, class) in raw {
        // Variants in parentheses (`کنگو (کینشاسا)`) are left out.
        let entry = entry.split(['(', '（']).next().unwrap_or("").trim();
        if entry.is_empty() {
            continue;
        }
        let (normalized, sentences) = pipeline.segment_tokens(entry);
        let tokens: Vec<&str> = sentences.iter().flat_map(|s| s.tokens.iter()).map(|t| &normalized.as_str()[t.range()]).collect();
        if !tokens.is_empty() {
            out.push((tokens.join(" "), class));
        }
    }
    Ok(out)
}

/// Runs `sokhan train ner`.
pub fn run_ner(args: &TrainNerArgs) -> Result<()> {
    let started = Instant::now();
    let pipeline = Pipeline::default().without_parser().without_entities();
    let mut base = if args.no_gazetteer { Vec::new() } else { gazetteer_entries(&pipeline, &args.data)? };
    let mut cluster_text: Vec<Vec<String>> = Vec::new();
    if let Some(path) = data_path(&args.data, &args.bijankhan) {
        let text = crate::input::read_to_string(&path)?;
        let rows: Vec<(String, String)> = text
            .lines()
            .filter_map(|l| l.split_once('\t'))
            .map(|(w, t)| (pipeline.normalizer().normalize(w.trim()).as_str().to_string(), t.trim().to_string()))
            .collect();
        if !args.no_gazetteer {
            let bj = bijankhan_entries(&rows);
            eprintln!("bijankhan: {} rows, {} proper-noun forms", rows.len(), bj.len());
            base.extend(bj);
        }
        cluster_text.extend(token_lines(&pipeline, &text, Some(0)));
    }
    if let Some(path) = data_path(&args.data, &args.raw) {
        cluster_text.extend(token_lines(&pipeline, &crate::input::read_to_string(&path)?, None));
    }
    let labels = label_set();
    let tagger = sokhan::tag::Tagger::embedded();
    let lexicon = pipeline.lexicon();
    let mut prepared: Vec<Vec<(Sentence, Vec<Label>)>> = Vec::new();
    for spec in &args.train {
        let sents = read_bio(spec, &args.data)?;
        prepared.extend(sents.iter().map(|s| prepare(&pipeline, s).sentences));
        eprintln!("train: {spec}: {} sentences", sents.len());
    }
    let n_sent = prepared.len();
    if n_sent == 0 {
        bail!("no training sentences");
    }
    for group in &prepared {
        for (s, _) in group {
            cluster_text.push(s.tokens.iter().map(|t| t.norm.clone()).collect());
        }
    }
    let clusters = if args.no_clusters {
        Vec::new()
    } else {
        let t = Instant::now();
        let c = ner::cluster_text(cluster_text.iter().map(|s| s.iter().map(String::as_str).collect()), args.seed);
        eprintln!("clusters: {} forms from {} sentences in {:.1} s", c.len(), cluster_text.len(), t.elapsed().as_secs_f64());
        c
    };
    drop(cluster_text);
    let folds = args.folds.max(2);
    let lists_with = |skip: Option<usize>| -> Lists {
        let mut entries = base.clone();
        if !args.no_train_names {
            let others = prepared.iter().enumerate().filter(|(i, _)| Some(i % folds) != skip).flat_map(|(_, g)| g.iter());
            entries.extend(train_entries(others));
        }
        Lists::new(Gazetteer::new(entries.iter().map(|(e, c)| (e.as_str(), *c))), clusters.clone())
    };
    let mut train = Vec::new();
    for k in 0..folds {
        // The names of the other folds only: a sentence's own names are not in its list.
        let lists = lists_with(Some(k));
        for group in prepared.iter().skip(k).step_by(folds) {
            for (sent, gold) in group {
                train.push(TrainSentence::new(sent, gold, &labels, Some(tagger), lexicon, &lists));
            }
        }
    }
    let lists = lists_with(None);
    eprintln!("name lists: {} entries", lists.gazetteer.len());
    let info = format!(
        "sokhan train ner: structured perceptron, {} epochs, seed {}, {n_sent} sentences of {}, {} name-list entries",
        args.epochs,
        args.seed,
        args.train.join(", "),
        lists.gazetteer.len()
    );
    let options = TrainOptions { epochs: args.epochs, seed: args.seed, min_weight: args.min_weight };
    let progress = |epoch: usize, acc: f64| eprintln!("epoch {epoch}: token accuracy {:.2}", 100.0 * acc);
    let mut model = ner::train(&train, labels.clone(), lists.clone(), &options, info.clone(), progress);
    if args.self_train > 0 {
        // Self-training: raw sentences labelled by the first model join the training data.
        let path = data_path(&args.data, &args.unlabeled).context("--self-train needs --unlabeled")?;
        let raw = crate::input::read_to_string(&path)?;
        let mut added = 0;
        for line in raw.lines().filter(|l| !l.trim().is_empty()).take(args.self_train) {
            for sent in pipeline.analyze(line).sentences {
                let silver = model.label(&sent, Some(tagger), lexicon);
                train.push(TrainSentence::new(&sent, &silver, &labels, Some(tagger), lexicon, &lists));
                added += 1;
            }
        }
        eprintln!("self-training: {added} sentences of {} labelled by the first model", path.display());
        model = ner::train(&train, labels, lists, &options, format!("{info}, self-trained on {added} sentences of {}", args.unlabeled), progress);
    }
    eprintln!("{} features", model.n_features());
    for spec in &args.dev {
        let sents = read_bio(spec, &args.data)?;
        let mut counts = Counts::new();
        for s in &sents {
            let p = prepare(&pipeline, s);
            let mut system = Vec::new();
            for (sent, _) in &p.sentences {
                for (k, a, b) in model.recognize(sent, Some(tagger), lexicon) {
                    system.push((k, sent.tokens[a].span.start, sent.tokens[b - 1].span.end));
                }
            }
            score_into(&mut counts, &p.gold, &system);
        }
        eprint!("{}", report(&format!("validation: {spec} ({} sentences), exact spans", sents.len()), &counts));
    }
    let bytes = model.to_model_bytes()?;
    if let Some(dir) = args.out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    std::fs::write(&args.out, &bytes).with_context(|| format!("cannot write {}", args.out.display()))?;
    // The written file must load.
    Recognizer::from_model_bytes(&bytes)?;
    eprintln!("wrote {} ({} bytes) in {:.1} s", args.out.display(), bytes.len(), started.elapsed().as_secs_f64());
    Ok(())
}
