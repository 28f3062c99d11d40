"""Drawing incidents at random for CCTV scrutiny, so that anyone can check the draw.

The method, ``sha256-rank-v1``, needs nothing but the recorded seed and the incident numbers:

1. The population is every incident of the home in the period (only those with CCTV, unless the
   sample says otherwise), identified by the home's incident number. Its fingerprint is the
   SHA-256 of the numbers sorted and joined by new lines; if a later correction adds or removes
   an incident, the fingerprint no longer matches and the check says so.
2. Incidents whose injury is at or above the "always include" level are all taken first.
3. Every other incident gets a rank: the SHA-256 of ``"<seed>:<incident number>"`` in
   hexadecimal. The lowest ranks make up the rest of the sample.

A hash of the seed and the number is as good as a shuffle for choosing (no incident can be
favoured without knowing the seed, which is made fresh from the operating system's random
source at the moment of drawing), and unlike a programming language's random generator it gives
the same answer in any language, on any machine, for ever.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

METHOD = "sha256-rank-v1"


@dataclass(frozen=True)
class Candidate:
    reference: str
    injury: int


@dataclass(frozen=True)
class Drawn:
    reference: str
    because: str  # "stratum" or "random"
    rank: str


def new_seed() -> str:
    return secrets.token_hex(16)


def rank(seed: str, reference: str) -> str:
    return hashlib.sha256(f"{seed}:{reference}".encode()).hexdigest()


def population_digest(references: Iterable[str]) -> str:
    return hashlib.sha256("\n".join(sorted(references)).encode()).hexdigest()


def draw(population: Sequence[Candidate], *, size: int, seed: str, always_include_from_level: int = 0) -> list[Drawn]:
    """The sample: every incident in the stratum (in incident-number order), then the lowest ranks.

    When the stratum alone is ``size`` or more, the sample is the whole stratum: an injury at the
    chosen level is never left out to keep to the size.
    """
    if size < 1:
        raise ValueError("Draw at least one incident")
    ordered = sorted(population, key=lambda candidate: candidate.reference)
    in_stratum = [
        candidate
        for candidate in ordered
        if always_include_from_level and candidate.injury >= always_include_from_level
    ]
    chosen = [Drawn(candidate.reference, "stratum", rank(seed, candidate.reference)) for candidate in in_stratum]
    taken = {candidate.reference for candidate in in_stratum}
    rest = sorted(
        (
            Drawn(candidate.reference, "random", rank(seed, candidate.reference))
            for candidate in ordered
            if candidate.reference not in taken
        ),
        key=lambda drawn: drawn.rank,
    )
    return chosen + rest[: max(size - len(chosen), 0)]
