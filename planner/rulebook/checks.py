"""Checks that keep the exercise library honest: its tags, position, dose and equipment against
the picture it is drawn with and the words the handout prints.

The rule engine protects a patient only through the library's data: a rule leaves out every
``hip_flex_gt90`` entry, or every ``standing_free`` one, so an entry whose picture or steps do
more than its tags, position or dose say escapes the rule written for it (library-corrections.md
sections 2 and 5; guidance.md 10.0 item 11 (5)). Each check is a pure function over one entry and
returns :class:`Finding` records naming ``file:line``. ``osteoplan rules check`` and the tests run
them; building a plan never does, so loading a rulebook costs no more than before.

Do-not-prescribe entries are skipped: the engine never plans them and no handout prints them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal, TypeVar

from pydantic import BaseModel, ValidationError

from planner.errors import Problem, RulebookError
from planner.pictures.figures import ExercisePose, Figure, PoseFile, pose_extremes
from planner.plan import PlannedDose
from planner.render.text import format_dose
from planner.rulebook.exercises import Dose, Exercise
from planner.rulebook.load import ExerciseFile
from planner.rulebook.rules import EquipmentFile
from planner.vocabulary import Phase
from planner.yamlfile import Loc, SourceDoc, loc_text, read_source, validation_problems

M = TypeVar("M", bound=BaseModel)
Frame = Literal["start", "end"]
Side = Literal["near", "far"]
_SIDES: Final[tuple[Side, Side]] = ("near", "far")

#: A hip drawn flexed past a right angle (strictly more than 90) needs ``hip_flex_gt90``. No
#: allowance: 90 is the posterior-approach line itself, and chairs are drawn below it (hip 80).
HIP_FLEXION_LIMIT: Final = 90.0
#: An arm raised this far or further needs ``shoulder_load`` or ``overhead_load``.
SHOULDER_ELEVATION_LIMIT: Final = 150.0
#: The back leg of a stride may be drawn this far behind the trunk without ``hip_ext_er``: the
#: ordinary hip extension of walking (10-20 degrees), which the review accepts.
STRIDE_EXTENSION_LIMIT: Final = 20.0

PHASES: Final[Mapping[Phase, str]] = {
    "foundation": "weeks 1-4",
    "build": "weeks 5-8",
    "progress": "week 9 on",
}


@dataclass(frozen=True)
class Finding:
    """One disagreement inside the library, located where it is written."""

    file: Path | str
    line: int | None
    slug: str  # the entry (or, for an equipment label, the equipment name)
    field: str  # key path in the file, e.g. exercises[3].tags.hip_flex_gt90
    message: str

    def problem(self) -> Problem:
        """The finding as a load problem, printed ``file:line: field: slug: message``."""
        return Problem(f"{self.slug}: {self.message}", self.file, self.line, self.field)

    def __str__(self) -> str:
        return str(self.problem())


@dataclass(frozen=True)
class Entry:
    """A library entry with the file it was read from and its key path there."""

    exercise: Exercise
    doc: SourceDoc
    loc: Loc

    def finding(self, keys: Loc, message: str) -> Finding:
        at = (*self.loc, *keys)
        return Finding(
            self.doc.path, self.doc.line_of(at), self.exercise.slug, loc_text(at), message
        )


@dataclass(frozen=True)
class Picture:
    """One pose record with the file it was read from."""

    slug: str
    pose: ExercisePose
    doc: SourceDoc

    def where(self, keys: Loc) -> str:
        """``file:line`` of a key inside this record (or of the record)."""
        return f"{self.doc.path}:{self.doc.line_of(('poses', self.slug, *keys))}"


@dataclass(frozen=True)
class Library:
    """A rulebook folder's library as written: entries, pictures and equipment labels."""

    folder: Path
    entries: tuple[Entry, ...]
    pictures: Mapping[str, Picture]
    equipment: EquipmentFile | None
    equipment_doc: SourceDoc | None


def read_library(folder: Path | str) -> Library:
    """Read ``exercises/*.yaml``, ``poses.yaml`` and ``equipment.yaml`` keeping every line.

    The last two may be missing (a folder of a few entries); their checks are then skipped.

    Raises:
        RulebookError: a file that does not parse or validate, with its file and line.
    """
    folder = Path(folder)
    problems: list[Problem] = []
    entries: list[Entry] = []
    for path in sorted((folder / "exercises").glob("*.yaml")):
        doc, ex_file = _parse(path, ExerciseFile, problems)
        if doc and ex_file:
            entries += [Entry(ex, doc, ("exercises", i)) for i, ex in enumerate(ex_file.exercises)]
    pictures: dict[str, Picture] = {}
    if (folder / "poses.yaml").exists():
        doc, pose_file = _parse(folder / "poses.yaml", PoseFile, problems)
        if doc and pose_file:
            pictures = {s: Picture(s, pose, doc) for s, pose in pose_file.poses.items()}
    equipment, equipment_doc = None, None
    if (folder / "equipment.yaml").exists():
        equipment_doc, equipment = _parse(folder / "equipment.yaml", EquipmentFile, problems)
    if problems:
        raise RulebookError(problems=problems, summary=f"The library in {folder} does not load:")
    return Library(folder, tuple(entries), pictures, equipment, equipment_doc)


def _parse(
    path: Path, model: type[M], problems: list[Problem]
) -> tuple[SourceDoc | None, M | None]:
    try:
        doc = read_source(path)
    except ValueError as exc:
        problems.append(exc.args[0])
        return None, None
    try:
        return doc, model.model_validate(doc.data)
    except ValidationError as exc:
        problems += validation_problems(exc, doc, model=model)
        return doc, None


def check_library(library: Library) -> list[Finding]:
    """Every check over every prescribable entry, in file and line order."""
    findings: list[Finding] = []
    for entry in library.entries:
        if entry.exercise.do_not_prescribe:
            continue
        picture = library.pictures.get(entry.exercise.slug)
        if picture is not None:
            findings += check_pose_tags(entry, picture)
        findings += check_support_words(entry)
        findings += check_floor_words(entry)
        findings += check_step_doses(entry)
        findings += check_step_equipment(entry)
    findings += check_equipment_labels(library)
    return sorted(findings, key=lambda f: (str(f.file), f.line or 0, f.field))


def findings_error(folder: Path | str, findings: Sequence[Finding]) -> RulebookError:
    """The error ``osteoplan rules check`` raises for findings (exit code 2)."""
    n = len(findings)
    return RulebookError(
        problems=[f.problem() for f in findings],
        summary=f"The exercise library in {folder} has {n} finding{'s' if n > 1 else ''}:",
    )


# --- pose against tags -------------------------------------------------------------------------


@dataclass(frozen=True)
class JointAngle:
    """One joint angle a picture draws: hip flexion (+) or extension (-), or arm elevation."""

    frame: Frame
    side: Side
    degrees: float
    keys: Loc  # where the value is written in the pose record (the figure, for a default)

    def label(self) -> str:
        return f"{self.frame}, {self.side} side"


_RECORD: Final = JointAngle("start", "near", 0.0, ())  # when no figure shows the joint


def hip_angles(pose: ExercisePose) -> list[JointAngle]:
    """Each side-view figure's hips, as :func:`~planner.pictures.figures.pose_extremes` does."""
    return [
        JointAngle(
            frame, side, _fold(fig.angle(side, "hip") or 0.0), _written(fig, frame, side, "hip")
        )
        for frame, fig in _figures(pose)
        if fig.view == "side"
        for side in _SIDES
    ]


def shoulder_angles(pose: ExercisePose) -> list[JointAngle]:
    """Each figure's arm elevation, 0 (hanging) to 180 (straight up), side or front view."""
    return [
        JointAngle(
            frame,
            side,
            abs(_fold(fig.angle(side, "shoulder") or 0.0)),
            _written(fig, frame, side, "shoulder"),
        )
        for frame, fig in _figures(pose)
        for side in _SIDES
    ]


def ordinary_stride(pose: ExercisePose, angle: JointAngle) -> bool:
    """Whether a hip behind the trunk is the back leg of a stride: a standing figure, side view,
    the other leg forward (hip flexed), this one no more than gait's 20 degrees behind."""
    fig = pose.start if angle.frame == "start" else pose.end
    other = _fold(fig.angle("far" if angle.side == "near" else "near", "hip") or 0.0)
    return fig.place == "standing" and other > 0 and -angle.degrees <= STRIDE_EXTENSION_LIMIT


def check_pose_tags(entry: Entry, picture: Picture) -> list[Finding]:
    """The picture against the hip and shoulder tags (library-corrections.md section 2 step 2,
    section 5 item 5), measured by :func:`planner.pictures.figures.pose_extremes`:

    - a hip flexed past 90 degrees needs ``hip_flex_gt90``;
    - a hip behind the trunk needs ``hip_ext_er``, unless it is the back leg of an ordinary
      stride (:func:`ordinary_stride`): walking, stairs, tandem, heel, toe and backwards walking,
      or a staggered stance;
    - an arm raised 150 degrees or more needs ``shoulder_load`` or ``overhead_load``.
    """
    tags, pose = entry.exercise.tags, picture.pose
    extremes = pose_extremes(pose)
    out: list[Finding] = []
    if extremes.hip_flexion_max > HIP_FLEXION_LIMIT and not tags.hip_flex_gt90:
        worst = max(hip_angles(pose), key=lambda a: a.degrees, default=_RECORD)
        out.append(
            entry.finding(
                ("tags", "hip_flex_gt90"),
                f"the picture bends the hip to {_deg(worst.degrees)} degrees "
                f"({picture.where(worst.keys)}, {worst.label()}) but hip_flex_gt90 is false; "
                "a hip flexed past 90 degrees needs hip_flex_gt90: true (or redraw the movement)",
            )
        )
    if extremes.hip_extension_max > 0 and not tags.hip_ext_er:
        behind = [a for a in hip_angles(pose) if a.degrees < 0 and not ordinary_stride(pose, a)]
        if behind:
            worst = min(behind, key=lambda a: a.degrees)
            out.append(
                entry.finding(
                    ("tags", "hip_ext_er"),
                    f"the picture takes the hip {_deg(-worst.degrees)} degrees behind the trunk "
                    f"({picture.where(worst.keys)}, {worst.label()}) but hip_ext_er is false; "
                    "a hip behind the body needs hip_ext_er: true unless it is the back leg of a "
                    f"stride of at most {_deg(STRIDE_EXTENSION_LIMIT)} degrees",
                )
            )
    if extremes.shoulder_elevation_max >= SHOULDER_ELEVATION_LIMIT and not (
        tags.shoulder_load or tags.overhead_load
    ):
        worst = max(shoulder_angles(pose), key=lambda a: a.degrees, default=_RECORD)
        out.append(
            entry.finding(
                ("tags", "shoulder_load"),
                f"the picture raises the arm to {_deg(worst.degrees)} degrees "
                f"({picture.where(worst.keys)}, {worst.label()}) but shoulder_load and "
                "overhead_load are false; an arm raised 150 degrees or more needs one of them",
            )
        )
    return out


def _figures(pose: ExercisePose) -> Iterator[tuple[Frame, Figure]]:
    frames: tuple[tuple[Frame, Figure], ...] = (("start", pose.start), ("end", pose.end))
    for frame, fig in frames:
        if fig.place != "hand":  # a hand close-up draws no hip or shoulder
            yield frame, fig


def _written(fig: Figure, frame: Frame, side: Side, joint: str) -> Loc:
    if getattr(getattr(fig, side), joint) is not None:
        return (frame, side, joint)
    if getattr(fig.both, joint) is not None:
        return (frame, "both", joint)
    return (frame,)


def _fold(deg: float) -> float:
    """An angle folded into (-180, 180], as figures.pose_extremes folds it."""
    folded = math.fmod(deg, 360.0)
    return folded + (360.0 if folded <= -180 else -360.0 if folded > 180 else 0.0)


def _deg(value: float) -> str:
    return f"{value:g}"


# --- words against position --------------------------------------------------------------------

_SUPPORT = r"(?:kitchen\s+)?(?:counter|support|rail|handrail|worktop|table|wall)"
#: Wording that takes the hand off the support, against ``standing_support`` ("one or both hands
#: on a stable support throughout", exercises.md).
OFF_SUPPORT: Final[tuple[tuple[re.Pattern[str], str], ...]] = (
    (re.compile(r"\blet(?:s|ting)?\s+go\b", re.I), "tells the patient to let go of the support"),
    (
        re.compile(rf"\b(?:just|slightly|a little)\s+above\s+(?:the|your|a)\s+{_SUPPORT}\b", re.I),
        "puts the hand above the support, not on it",
    ),
    (re.compile(r"\bhover", re.I), "puts the hand above the support, not on it"),
    (
        re.compile(rf"\bnear\s+(?:a|the|your)\s+{_SUPPORT}\b", re.I),
        "stands near the support instead of holding it",
    ),
    (re.compile(r"\bready\s+to\s+(?:hold|grab|take\s+hold)\b", re.I), "holds on only if needed"),
)
#: Words that put the person (not a foot) on the floor, against ``floor_transfer: false``.
FLOOR: Final = re.compile(
    r"\bmats?\b|\b(?:on|onto|down\s+to|down\s+on|down\s+onto)\s+the\s+floor\b"
    r"|\bget(?:ting)?\s+down\b[^.;]*?\bfloor\b",
    re.I,
)
_FOOT_BEFORE = re.compile(r"\b(?:foot|feet|heels?|toes?|soles?|stand|standing)\b", re.I)
_MAT_ON_BED = re.compile(
    r"^mats?\b(?:\s+\S+){0,3}?\s+on\s+(?:top\s+of\s+)?(?:the|your|a)\s+bed\b", re.I
)
_NEGATION = re.compile(r"\b(?:not|never|no|don't|without|instead\s+of|rather\s+than|avoid)\b", re.I)
_CLINICIAN_SAYS = re.compile(
    r"\b(?:only\s+(?:if|when|once|after)|unless)\s+(?:your|a|the)\s+"
    r"(?:physiotherapist|physio|therapist|instructor|doctor|surgeon)\b",
    re.I,
)
_CLAUSE_END = re.compile(r"[.!?;:](?=\s|$)|[()]")


def check_support_words(entry: Entry) -> list[Finding]:
    """Steps, support and cue of a ``standing_support`` entry must keep a hand on the support.

    "let go", "just above the counter", "near a counter", "hover", "ready to hold" contradict it,
    unless negated ("do not let go") or left to a clinician ("let go only if your
    physiotherapist has said you may", "unless your physiotherapist has said you may let go").
    """
    if entry.exercise.position != "standing_support":
        return []
    out: list[Finding] = []
    for keys, text in _texts(entry.exercise):
        for clause in _clauses(text):
            if _CLINICIAN_SAYS.search(clause):
                continue
            for pattern, meaning in OFF_SUPPORT:
                for m in pattern.finditer(clause):
                    if not _negated(clause, m.start()):
                        out.append(
                            entry.finding(
                                keys,
                                f'says "{m.group(0)}", which {meaning}, but position '
                                "standing_support means a hand on the support throughout; keep "
                                "a hand on it, or make the position standing_free",
                            )
                        )
    return out


def check_floor_words(entry: Entry) -> list[Finding]:
    """An entry without ``floor_transfer`` must not put the person on the floor.

    A mat, "on the floor" or "get down to the floor" in a step, the support or the cue (or
    ``mat`` in the equipment list) means getting down to the floor, unless it is negated
    ("Do not get down onto the floor"), a foot on the floor ("keeping one foot on the floor"),
    or a mat on the bed ("an exercise mat on the bed").
    """
    ex = entry.exercise
    if ex.tags.floor_transfer:
        return []
    out: list[Finding] = []
    if "mat" in ex.equipment_names():
        out.append(
            entry.finding(
                ("equipment",),
                "lists mat (an exercise mat on the floor) but floor_transfer is false; set "
                "floor_transfer: true or use firm_bed_or_mat",
            )
        )
    for keys, text in _texts(ex):
        for said in floor_mentions(text):
            out.append(
                entry.finding(
                    keys,
                    f'says "{said}", which puts the patient on the floor, but floor_transfer '
                    'is false; set floor_transfer: true or say bed ("on your bed (a firm '
                    'mattress). Do not get down onto the floor for this.")',
                )
            )
    return out


def floor_mentions(text: str) -> list[str]:
    """The words in ``text`` that put the person on the floor (see :func:`check_floor_words`)."""
    found = []
    for clause in _clauses(text):
        for m in FLOOR.finditer(clause):
            before = clause[: m.start()].split()[-3:]
            if _negated(clause, m.start()) or _MAT_ON_BED.match(clause[m.start() :]):
                continue
            if "floor" in m.group(0).lower() and _FOOT_BEFORE.search(" ".join(before)):
                continue
            found.append(m.group(0))
    return found


def check_equipment_labels(library: Library) -> list[Finding]:
    """An equipment label printed for entries without ``floor_transfer`` must not send the
    patient to the floor (e.g. "a firm bed or an exercise mat")."""
    if library.equipment is None or library.equipment_doc is None:
        return []
    users: dict[str, list[str]] = {}
    for entry in library.entries:
        ex = entry.exercise
        if not ex.do_not_prescribe and not ex.tags.floor_transfer:
            for name in ex.equipment_names():
                users.setdefault(name, []).append(ex.slug)
    doc, out = library.equipment_doc, []
    for name, label in library.equipment.labels.items():
        said = floor_mentions(label)
        if said and name in users:
            at: Loc = ("labels", name)
            out.append(
                Finding(
                    doc.path,
                    doc.line_of(at),
                    name,
                    loc_text(at),
                    f'the label says "{said[0]}" (the floor) but is printed for entries without '
                    f'floor_transfer: {", ".join(sorted(users[name]))}; say the bed (e.g. "an '
                    'exercise mat on the bed is fine, not on the floor")',
                )
            )
    return out


def _texts(ex: Exercise) -> Iterator[tuple[Loc, str]]:
    """The printed words of an entry: each step, the support and the safety cue."""
    for i, step in enumerate(ex.instructions):
        yield ("instructions", i), step
    if ex.support:
        yield ("support",), ex.support
    if ex.safety_cue:
        yield ("safety_cue",), ex.safety_cue


def _clauses(text: str) -> list[str]:
    """Sentences and semicolon clauses, each parenthesis its own clause."""
    return [c.strip() for c in _CLAUSE_END.split(text) if c.strip()]


def _negated(clause: str, start: int) -> bool:
    """Whether a negation stands within the six words before ``start``."""
    return bool(_NEGATION.search(" ".join(clause[:start].split()[-6:])))


# --- steps against dose ------------------------------------------------------------------------

_QTY = r"(?P<up>up\s+to\s+)?(?P<a>\d+)(?:\s*(?:to|or|-|–)\s*(?P<b>\d+))?"
_TAIL = r"(?:\s*(?:to|or|-|–)\s*\d+)?"  # the rest of a range the match may have left off
_UNIT = r"\s*(?:cm|centimetres?|metres?|m|kg|%|seconds?|minutes?|degrees?)\b"
_PER_DAY = r"\s+times\s+(?:a|an|per|each|every)\s+(?:day|week|hour)"
_NOT_A_COUNT = rf"(?!{_TAIL}(?:{_UNIT}|{_PER_DAY}))"
#: What counts as a dose number in a step, and the dose field it states. Anything else is
#: descriptive: heights and distances ("a 10-20 cm step", "10 to 20 metres"), warm-ups ("with 5
#: minutes of easy walking"), "a few", numbers written as words. Seconds are a dose number only
#: when the dose has hold seconds, minutes only as "for N minutes" when it has minutes; otherwise
#: they describe the parts of a bout (the 20-60 s jogs of a 10-20 min walk).
DOSE_NUMBERS: Final[tuple[tuple[str, re.Pattern[str]], ...]] = (
    (
        "hold_s",
        re.compile(
            rf"\b{_QTY}\s*(?:seconds?|secs?)\b(?:,?\s*building\s+(?:up\s+)?to\s+(?P<c>\d+))?"
            r"(?P<more>\s+or\s+more)?",
            re.I,
        ),
    ),
    ("hold_s", re.compile(rf"\ba\s+count\s+of\s+{_QTY}\b", re.I)),
    ("minutes", re.compile(rf"\bfor\s+{_QTY}\s*(?:minutes?|mins?)\b(?P<more>\s+or\s+more)?", re.I)),
    ("sets", re.compile(rf"\b{_QTY}\s+(?:sets|rounds)\b", re.I)),
    ("reps", re.compile(rf"\bsets?\s+of\s+{_QTY}\b{_NOT_A_COUNT}", re.I)),
    ("reps", re.compile(rf"\b(?:do|repeat|take|make)\s+{_QTY}\b{_NOT_A_COUNT}", re.I)),
    (
        "reps",
        re.compile(
            rf"\b{_QTY}\s+(?:times|repetitions|reps|steps)\b"
            r"(?!\s+(?:a|an|per|each|every)\s+(?:day|week|hour))",
            re.I,
        ),
    ),
)
#: "rest and repeat", "rest, do 10 more": a second set or bout after a rest.
REST_AND_REPEAT: Final = re.compile(r"\brest\b[^.;]{0,30}?\brepeat\b|\bdo\s+\d+\s+more\b", re.I)
_KG = re.compile(r"\b(\d+(?:\.\d+)?)\s*(?:kg|kilos?|kilograms?)\b", re.I)
_NO_WEIGHT = re.compile(r"\bno\s+(?:extra\s+)?weight\b|^\s*(?:body\s+weight|none)\s*$", re.I)


@dataclass(frozen=True)
class DoseNumber:
    """A dose a step states: the field, and the range it allows (equal ends for one number)."""

    field: str
    low: float
    high: float
    said: str


def dose_numbers(text: str) -> list[DoseNumber]:
    """The dose numbers a step states (see :data:`DOSE_NUMBERS`), one per stretch of text."""
    found: list[tuple[int, int, DoseNumber]] = []
    for field, pattern in DOSE_NUMBERS:
        for m in pattern.finditer(text):
            if any(m.start() < end and start < m.end() for start, end, _ in found):
                continue
            a, b = int(m.group("a")), m.group("b")
            c = m.groupdict().get("c")
            high = float(b or c or a)
            if m.groupdict().get("more"):
                high = math.inf
            low = 0.0 if m.group("up") else float(a)
            found.append((m.start(), m.end(), DoseNumber(field, low, high, m.group(0).strip())))
    return [n for *_, n in sorted(found, key=lambda f: f[0])]


def check_step_doses(entry: Entry) -> list[Finding]:
    """Numbers in the steps against the dose printed for every phase (``Dose.at``).

    A step's number must equal the phase's value, a range must contain it, for weeks 1-4
    (start), 5-8 (midpoint, rounded up) and 9 on (target). Seconds and minutes are checked only
    when the dose has them (:data:`DOSE_NUMBERS`); repetitions and sets must be printed. "Rest
    and repeat" needs two or more sets (or holds, or bouts) in every phase. A weight the step puts
    on or in the hand, unless conditional ("once you have one"), contradicts a phase printed with
    no weight, and a weight in kg must be printed in every phase.
    """
    ex = entry.exercise
    out: list[Finding] = []
    for i, step in enumerate(ex.instructions):
        keys: Loc = ("instructions", i)
        for number in dose_numbers(step):
            if number.field in ("hold_s", "minutes") and not _has(ex.dose, number.field):
                continue
            wrong = [p for p in PHASES if not _within(_value(ex.dose, p, number.field), number)]
            if wrong:
                out.append(entry.finding(keys, _disagree(ex, f'"{number.said}"', wrong)))
        rest = REST_AND_REPEAT.search(step)
        single = [p for p in PHASES if _bouts(ex.dose, p) < 2] if rest else []
        if rest and single:
            what = f'"{rest.group(0)}" (a second set after a rest)'
            out.append(entry.finding(keys, _disagree(ex, what, single)))
        out += _weight_findings(entry, keys, step)
    return out


def _weight_findings(entry: Entry, keys: Loc, step: str) -> list[Finding]:
    ex, out = entry.exercise, []
    for kg in _KG.findall(step):
        wrong = [p for p in PHASES if kg not in (ex.dose.load_at(p) or "")]
        if wrong:
            out.append(entry.finding(keys, _disagree(ex, f'"{kg} kg"', wrong)))
    held = [w for w in equipment_mentions(step) if w.names & WEIGHTS]
    if held:
        wrong = [p for p in PHASES if _NO_WEIGHT.search(ex.dose.load_at(p) or "")]
        if wrong:
            said = f'"{held[0].said}" (a weight from the start)'
            out.append(entry.finding(keys, _disagree(ex, said, wrong)))
    return out


def _disagree(ex: Exercise, said: str, phases: list[Phase]) -> str:
    printed = "; ".join(f'{PHASES[p]} print "{_printed(ex.dose, p)}"' for p in phases)
    return f"the step says {said} but {printed}"


def _has(dose: Dose, field: str) -> bool:
    return any(_value(dose, p, field) is not None for p in PHASES)


def _value(dose: Dose, phase: Phase, field: str) -> int | None:
    value = getattr(dose.at(phase), field)
    return None if value is None else int(value)


def _within(value: int | None, number: DoseNumber) -> bool:
    return value is not None and number.low <= value <= number.high


def _bouts(dose: Dose, phase: Phase) -> int:
    """How many times the printed dose has the patient start again after a rest."""
    point = dose.at(phase)
    if point.minutes:  # "20 min, 2 times"
        return point.sets or 1
    if point.hold_s:  # each hold, or timed bout, is one: "3 holds of 10 s"
        return (point.reps or 1) * (point.sets or 1)
    if point.sets:  # "2 sets of 10"
        return point.sets
    return point.reps or 1  # "3 times"


def _printed(dose: Dose, phase: Phase) -> str:
    """The dose exactly as the handout prints it for a phase."""
    point = dose.at(phase)
    return format_dose(
        PlannedDose.model_construct(
            sets=point.sets,
            reps=point.reps,
            hold_s=point.hold_s,
            minutes=point.minutes,
            load=dose.load_at(phase),
            continuous=dose.continuous,
            frequency=dose.frequency,
        )
    )


# --- steps against equipment -------------------------------------------------------------------


def _words(pattern: str, *names: str) -> tuple[re.Pattern[str], frozenset[str]]:
    return re.compile(pattern, re.I), frozenset(names)


#: Words in a step that need an item, and the equipment names that satisfy them, most specific
#: first (a phrase claims its words before a shorter one can). Left out on purpose: "frame" (a
#: door frame or a walking frame), "door" alone, "someone", "instructor" (supervision is a rule,
#: not equipment), "clear space" (where to stand, not something to fetch), and "step" as a verb
#: or a count; "step" is the platform only after on/onto/off/beside/facing or as "a low step".
EQUIPMENT_WORDS: Final[tuple[tuple[re.Pattern[str], frozenset[str]], ...]] = (
    _words(r"\bdoor\s+anchor\b|\bfixed\s+point\b|\banchor(?:ed)?\b", "band_anchor"),
    _words(r"\b(?:resistance\s+)?bands?\b", "resistance_band"),
    _words(
        r"\bankle\s+(?:cuff\s+)?weights?\b|\bcuff\s+weights?\b|\bankle\s+cuffs?\b",
        "ankle_cuff_weight",
    ),
    _words(r"\bdumbbells?\b", "dumbbells"),
    _words(r"\bkettlebells?\b", "kettlebell"),
    _words(r"\bbarbell\b", "barbell"),
    _words(r"\bsquat\s+rack\b|\b(?:a|the)\s+rack\b", "squat_rack"),
    _words(r"\bbackpack\b|\bthe\s+pack\b", "weighted_backpack"),
    _words(
        r"\b(?:an?|the|light|heavier|heavy)\s+weights?\b",
        *("household_weights", "dumbbells", "kettlebell", "barbell"),
        *("ankle_cuff_weight", "weighted_backpack"),
    ),
    _words(r"\bsoft\s+ball\b|\bball\b(?!s|\s+of)|\bputty\b", "soft_ball_or_putty"),
    _words(r"\bexercise\s+bike\b|\bbike\b|\bhandlebars?\b|\bpedal", "exercise_bike"),
    _words(
        r"\b(?:stair\s+|pool\s+)?(?:hand)?rail\b",
        "stairs_with_rail",
        "counter_or_sturdy_support",
        "pool",
    ),
    _words(r"\bpool\b", "pool"),
    _words(r"\bstairs?\b|\bflights?\b", "stairs_with_rail"),
    _words(
        r"\b(?:on|onto|off|from|beside|facing)\s+(?:a|the)\s+(?:low,?\s+)?(?:stable\s+)?step\b"
        r"|\ba\s+low,?\s+(?:stable\s+)?step\b",
        "low_step",
    ),
    _words(r"\bcushion\b", "firm_cushion"),
    _words(
        r"\bchair\s+(?:with|that\s+has)\s+arms\b|\bchair\s+arms\b|\barms\s+of\s+the\s+chair\b"
        r"|\barmchair\b",
        "firm_chair_with_arms",
    ),
    _words(r"\bchairs?\b", "firm_chair", "firm_chair_with_arms"),
    _words(r"\bcounter\b|\bworktop\b", "counter_or_sturdy_support"),
    _words(r"\btable\b", "table"),
    _words(r"\bwall\b", "wall"),
    _words(r"\bdoorway\b|\bdoor\s*frame\b", "doorway"),
    _words(r"\bmats?\b", "mat", "firm_bed_or_mat"),
    _words(r"\bbed\b|\bmattress\b", "firm_bed_or_mat"),
    _words(r"\bpillows?\b", "pillow"),
    _words(r"\btowel\b", "rolled_towel"),
    _words(r"\bwalking\s+(?:aid|frame|stick)\b", "walking_aid"),
    _words(r"\bbroom(?:\s+handle)?\b|\bstick\b", "broom_handle", "walking_aid"),
    _words(r"\bhelper\b", "helper"),
    _words(r"\bclass\b|\bvideo\b", "class_or_video"),
    _words(r"\b(?:supportive\s+)?shoes\b|\btrainers\b", "supportive_shoes"),
)
WEIGHTS: Final = frozenset(
    {"household_weights", "dumbbells", "kettlebell", "barbell", "ankle_cuff_weight"}
    | {"weighted_backpack"}
)
#: A clause that offers an item rather than requiring it: "once you have one", "if you need
#: to", "a chair can be kept nearby".
_CONDITIONAL = re.compile(r"\b(?:if|unless|once\s+you\s+have|can\s+be|optional(?:ly)?)\b", re.I)
#: Two mentions joined by "or" (with up to three words between) are alternatives.
_OR_GAP = re.compile(r"^,?\s+or\s+(?:\S+\s+){0,3}$", re.I)


@dataclass(frozen=True)
class Mention:
    """Words in a step that need an item; ``names`` are the equipment that would do."""

    said: str
    names: frozenset[str]
    start: int
    end: int


def equipment_mentions(text: str) -> list[Mention]:
    """Items the text requires: not negated, not in a conditional clause."""
    out: list[Mention] = []
    for clause in _clauses(text):
        if _CONDITIONAL.search(clause):
            continue
        taken: list[Mention] = []
        for pattern, names in EQUIPMENT_WORDS:
            for m in pattern.finditer(clause):
                if not any(m.start() < t.end and t.start < m.end() for t in taken):
                    taken.append(Mention(m.group(0), names, m.start(), m.end()))
        out += [t for t in sorted(taken, key=lambda t: t.start) if not _negated(clause, t.start)]
    return out


def _alternatives(text: str) -> list[list[Mention]]:
    """The text's mentions grouped so that "a rail or helper" is one requirement."""
    groups: list[list[Mention]] = []
    for clause in _clauses(text):
        last: Mention | None = None
        for mention in equipment_mentions(clause):
            if last is not None and _OR_GAP.match(clause[last.end : mention.start]):
                groups[-1].append(mention)
            else:
                groups.append([mention])
            last = mention
    return groups


def check_step_equipment(entry: Entry) -> list[Finding]:
    """Every item the steps, support or cue need is in the entry's equipment lists (required,
    an alternative, or optional). Mentions in a conditional clause ("once you have one", "if
    you need to") and negated ones ("without the stick") need nothing; alternatives ("a rail
    or helper") need one of them."""
    ex = entry.exercise
    listed = ex.equipment_names()
    out: list[Finding] = []
    for keys, text in _texts(ex):
        for group in _alternatives(text):
            names = frozenset().union(*(m.names for m in group))
            if not names & listed:
                said = " or ".join(f'"{m.said}"' for m in group)
                out.append(
                    entry.finding(
                        keys,
                        f"says {said} but the equipment lists none of: "
                        f"{', '.join(sorted(names))}; add it (to optional_equipment if the "
                        "patient can do without)",
                    )
                )
    return out
