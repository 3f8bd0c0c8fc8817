//! Value parsers for numeric flags: every number a user types is checked here (finite, in
//! range) so clap rejects it with exit code 2 and the allowed range, before anything runs.

use std::time::Duration;

/// Largest `--min-score` accepted.
pub const MAX_SCORE: f64 = 100.0;
/// Largest `--min-shared` accepted.
pub const MAX_SHARED: f64 = 1000.0;
/// Longest `--busy-timeout` accepted, in seconds (one day).
pub const MAX_BUSY_SECS: f64 = 86_400.0;
/// Largest `bench` scale accepted (1000 ≈ 60 MB per language).
pub const MAX_SCALE: usize = 100_000;

/// A finite number from `lo` to `hi`, both included.
fn finite_in(s: &str, lo: f64, hi: f64) -> Result<f64, String> {
    let range = format!("expected a number from {lo} to {hi}");
    let v: f64 = s.trim().parse().map_err(|_| range.clone())?;
    if v.is_finite() && (lo..=hi).contains(&v) {
        Ok(v)
    } else {
        Err(range)
    }
}

/// `--min-score`: 0 to [`MAX_SCORE`].
pub fn min_score(s: &str) -> Result<f64, String> {
    finite_in(s, 0.0, MAX_SCORE)
}

/// `--min-shared`: 0 to [`MAX_SHARED`].
pub fn min_shared(s: &str) -> Result<f64, String> {
    finite_in(s, 0.0, MAX_SHARED)
}

/// `--busy-timeout`: seconds, 0 to [`MAX_BUSY_SECS`] (fractions allowed).
pub fn busy_timeout(s: &str) -> Result<Duration, String> {
    finite_in(s, 0.0, MAX_BUSY_SECS).map(Duration::from_secs_f64)
}

/// A bench scale: a whole number from 1 to [`MAX_SCALE`].
pub fn scale(s: &str) -> Result<usize, String> {
    let range = format!("expected a whole number from 1 to {MAX_SCALE}");
    s.trim()
        .parse()
        .ok()
        .filter(|n| (1..=MAX_SCALE).contains(n))
        .ok_or(range)
}

/// `glossary import --max-remove`: a percentage, 0 to 100.
pub fn percent(s: &str) -> Result<f64, String> {
    finite_in(s, 0.0, 100.0)
}

/// Smallest `--unit-chars` bound accepted other than 0 (no bound): a unit of fewer characters
/// than a long sentence would cut sentences apart.
pub const MIN_UNIT_CHARS: usize = 100;
/// Largest `--unit-chars` bound accepted.
pub const MAX_UNIT_CHARS: usize = 100_000_000;

/// `import --unit-chars`: 0 (never cut), or [`MIN_UNIT_CHARS`] to [`MAX_UNIT_CHARS`].
pub fn unit_chars(s: &str) -> Result<usize, String> {
    s.trim()
        .parse()
        .ok()
        .filter(|n| *n == 0 || (MIN_UNIT_CHARS..=MAX_UNIT_CHARS).contains(n))
        .ok_or_else(|| {
            format!(
                "expected 0 (never cut) or a whole number from {MIN_UNIT_CHARS} to {MAX_UNIT_CHARS}"
            )
        })
}

/// A link id: a whole number from 1.
pub fn link_id(s: &str) -> Result<i64, String> {
    s.trim()
        .parse()
        .ok()
        .filter(|&n: &i64| n >= 1)
        .ok_or_else(|| format!("expected a link id, a whole number from 1 to {}", i64::MAX))
}

/// `--param NAME=VALUE`: a field of [`hanbridge::align::Params`] and a finite, non-negative
/// value (a whole number where the field is one), checked against the fields' defaults.
pub fn param(s: &str) -> Result<(String, f64), String> {
    let defaults =
        serde_json::to_value(hanbridge::align::Params::default()).map_err(|e| e.to_string())?;
    let names = || {
        defaults
            .as_object()
            .map(|o| o.keys().cloned().collect::<Vec<_>>().join(", "))
            .unwrap_or_default()
    };
    let (name, value) = s
        .split_once('=')
        .ok_or_else(|| format!("expected NAME=VALUE, NAME one of {}", names()))?;
    let Some(default) = defaults.get(name.trim()) else {
        return Err(format!("no parameter {name:?}: one of {}", names()));
    };
    let v = finite_in(value, 0.0, 1_000_000.0)?;
    if default.is_u64() && v.fract() != 0.0 {
        return Err(format!("{name} takes a whole number"));
    }
    Ok((name.trim().to_string(), v))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_outside_their_range_are_refused() {
        for bad in ["nan", "NaN", "inf", "-inf", "-0.5", "101", "", "x"] {
            assert!(min_score(bad).is_err(), "{bad:?} accepted");
        }
        assert_eq!(min_score("0.75"), Ok(0.75));
        assert!(min_shared("1e9").is_err());
        assert_eq!(min_shared("4"), Ok(4.0));
        assert_eq!(busy_timeout("0.5"), Ok(Duration::from_millis(500)));
        assert!(busy_timeout("-1").is_err());
        assert!(scale("0").is_err());
        assert_eq!(scale("10"), Ok(10));
        assert!(link_id("0").is_err());
        assert!(link_id("-3").is_err());
        assert_eq!(link_id("7"), Ok(7));
        for bad in ["nan", "-1", "100.5", "inf"] {
            assert!(percent(bad).is_err(), "{bad:?} accepted");
        }
        assert_eq!(percent("12.5"), Ok(12.5));
        for bad in ["-1", "1", "99", "1e3", "x"] {
            assert!(unit_chars(bad).is_err(), "{bad:?} accepted");
        }
        assert_eq!(unit_chars("0"), Ok(0));
        assert_eq!(unit_chars("4000"), Ok(4000));
    }
}
