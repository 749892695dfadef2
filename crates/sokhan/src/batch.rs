//! Many texts at once: [`Pipeline::analyze_batch`] (lazy, in order) and
//! [`Pipeline::analyze_batch_parallel`] (all cores, in order).
//!
//! One [`Pipeline`] is shared by every thread: it is `Sync`, its models are decoded once, and
//! the per-word caches it keeps are per thread.

use crate::doc::Document;
use crate::pipeline::Pipeline;
use std::sync::atomic::{AtomicUsize, Ordering};

// A pipeline is shared across threads by reference; keep it that way.
const _: () = {
    const fn shared<T: Sync + Send>() {}
    shared::<Pipeline>();
};

impl Pipeline {
    /// Analyses each text of `texts` in turn, lazily: documents come out in input order, one
    /// per text, and only the document being built is held in memory.
    ///
    /// ```
    /// let pipeline = sokhan::Pipeline::default();
    /// let texts = ["کتابش را خواند.", "هوا سرد است. باران می بارد."];
    /// let sentences: Vec<usize> = pipeline.analyze_batch(texts).map(|d| d.sentences.len()).collect();
    /// assert_eq!(sentences, [1, 2]);
    /// ```
    pub fn analyze_batch<'p, I>(&'p self, texts: I) -> impl Iterator<Item = Document> + 'p
    where
        I: IntoIterator + 'p,
        I::Item: AsRef<str>,
    {
        texts.into_iter().map(move |t| self.analyze(t.as_ref()))
    }

    /// Analyses `texts` on `jobs` threads (0 means one per available core) and returns the
    /// documents in input order. Each result is exactly what [`Pipeline::analyze`] returns for
    /// that text. For corpora that do not fit in memory, call it on slices of a few thousand
    /// texts at a time (the `sokhan analyze` command streams this way).
    ///
    /// ```
    /// let pipeline = sokhan::Pipeline::default().without_tagger();
    /// let texts: Vec<String> = (1..=5).map(|i| format!("جمله شماره {i} است.")).collect();
    /// let docs = pipeline.analyze_batch_parallel(&texts, 2);
    /// assert_eq!(docs.len(), 5);
    /// assert!(docs.iter().zip(&texts).all(|(d, t)| &d.text == t));
    /// ```
    pub fn analyze_batch_parallel<S: AsRef<str> + Sync>(&self, texts: &[S], jobs: usize) -> Vec<Document> {
        let jobs = if jobs == 0 { std::thread::available_parallelism().map_or(1, |n| n.get()) } else { jobs };
        let jobs = jobs.min(texts.len()).max(1);
        if jobs == 1 {
            return texts.iter().map(|t| self.analyze(t.as_ref())).collect();
        }
        // Threads take the next unclaimed text, so one long text does not hold up the others.
        let next = AtomicUsize::new(0);
        let mut done: Vec<(usize, Document)> = std::thread::scope(|scope| {
            let workers: Vec<_> = (0..jobs)
                .map(|_| {
                    scope.spawn(|| {
                        let mut mine = Vec::new();
                        loop {
                            let i = next.fetch_add(1, Ordering::Relaxed);
                            let Some(text) = texts.get(i) else { break };
                            mine.push((i, self.analyze(text.as_ref())));
                        }
                        mine
                    })
                })
                .collect();
            workers
                .into_iter()
                .flat_map(|w| w.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
                .collect()
        });
        done.sort_unstable_by_key(|(i, _)| *i);
        done.into_iter().map(|(_, d)| d).collect()
    }
}

#[cfg(test)]
mod tests {
    use crate::Pipeline;

    #[test]
    fn batch_equals_one_by_one_in_order() {
        let pipeline = Pipeline::default();
        let texts: Vec<String> = (0..40)
            .map(|i| if i % 7 == 0 { String::new() } else { format!("کتاب‌هایش را {i} بار می خواند. او معتقدند!") })
            .collect();
        let one_by_one: Vec<_> = texts.iter().map(|t| pipeline.analyze(t)).collect();
        let lazy: Vec<_> = pipeline.analyze_batch(&texts).collect();
        assert_eq!(lazy, one_by_one);
        for jobs in [0, 1, 3] {
            assert_eq!(pipeline.analyze_batch_parallel(&texts, jobs), one_by_one, "jobs = {jobs}");
        }
        assert!(pipeline.analyze_batch_parallel::<&str>(&[], 4).is_empty());
    }
}
