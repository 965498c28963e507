//! SHA-256 of the files a build writes, for the manifest: many files at once when there are.
//!
//! One SHA-256 cannot go faster than the CPU's SHA unit runs one chain of rounds (about
//! 2 GB/s here), and hashing every byte written was a fifth of a 20-brand build. Independent
//! messages can be hashed side by side in vector lanes: `tape-sha256` does that (AVX-512,
//! AVX2, or several SHA-NI streams, chosen for the running CPU) and runs nearly twice as
//! fast on a batch of pages. The brands' copies of one page are rendered one after another,
//! so a batch holds pages of nearly the same length and few lanes idle. A lone file, or two
//! or three, goes through the `sha2` crate. Both are checked against each other below, and
//! `tests/build.rs` checks every manifest entry against `sha2`.

use crate::render::sink::Sha256;

/// Batches smaller than this are hashed one by one (wide lanes would mostly idle).
const MIN_BATCH: usize = 4;

/// The SHA-256 of `bytes`, in lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::of(bytes).hex()
}

/// The SHA-256 of each of `files`, in order.
pub fn sha256_many(files: &[&[u8]]) -> Vec<Sha256> {
    if files.len() < MIN_BATCH {
        return files.iter().map(|f| Sha256::of(f)).collect();
    }
    let mut digests = vec![[0u8; 32]; files.len()];
    tape_sha256::hash_many(files, &mut digests);
    digests.into_iter().map(Sha256).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every length around the 64-byte block and its padding edge (55, 56, 64 …), and
    /// page-sized ones, in batches of every size up to past the widest lane count.
    #[test]
    fn batches_hash_like_one_by_one() {
        let message = |len: usize, seed: usize| -> Vec<u8> {
            (0..len).map(|i| (i.wrapping_mul(31) ^ seed.wrapping_mul(7)) as u8).collect()
        };
        let mut lengths: Vec<usize> = (0..=260).collect();
        lengths.extend([1_000, 4_095, 4_096, 35_000, 35_037, 100_003]);
        for batch in [4, 5, 16, 17, 32, 33, 70] {
            for start in (0..lengths.len()).step_by(batch) {
                let files: Vec<Vec<u8>> = lengths
                    .iter()
                    .cycle()
                    .skip(start)
                    .take(batch)
                    .enumerate()
                    .map(|(s, &l)| message(l, s))
                    .collect();
                let refs: Vec<&[u8]> = files.iter().map(Vec::as_slice).collect();
                let one_by_one: Vec<Sha256> = refs.iter().map(|f| Sha256::of(f)).collect();
                assert_eq!(sha256_many(&refs), one_by_one, "batch {batch} from {start}");
            }
        }
    }

    #[test]
    fn known_answers() {
        assert_eq!(sha256_hex(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        let four: Vec<&[u8]> = vec![b"abc", b"", b"abc", b""];
        assert_eq!(
            sha256_many(&four)[1].hex(),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(sha256_many(&four)[0], Sha256::of(b"abc"));
    }
}
