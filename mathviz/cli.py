"""The ``mathviz`` command line: a thin click layer over catalog, render and doctor.

It imports manim only inside the commands that render (in worker processes),
so ``mathviz --help`` and ``mathviz list`` start fast.

Exit codes: 0 success; 1 a render failed; 2 bad usage or bad input (nothing written).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from mathviz.errors import InputError, MathvizError
from mathviz.kit import registry
from mathviz.kit.params import describe
from mathviz.kit.theme import ASPECTS, THEMES


class CliError(click.ClickException):
    """Bad input: one line on stderr, exit 2."""

    exit_code = 2

    def show(self, file=None) -> None:
        click.echo(f"mathviz: error: {self.format_message()}", err=True)


class Group(click.Group):
    """Report click's own usage errors in one line too (no usage block)."""

    def main(self, *args, **kwargs):
        kwargs["standalone_mode"] = False
        try:
            return super().main(*args, **kwargs)
        except click.exceptions.Exit as exit_:
            sys.exit(exit_.exit_code)
        except click.Abort:
            click.echo("mathviz: interrupted", err=True)
            sys.exit(130)
        except click.UsageError as err:
            hint = f" (see 'mathviz {err.ctx.command_path.split(' ', 1)[-1]} --help')" if err.ctx else ""
            if err.ctx and err.ctx.command_path == "mathviz":
                hint = " (see 'mathviz --help')"
            click.echo(f"mathviz: error: {err.format_message()}{hint}", err=True)
            sys.exit(2)
        except click.ClickException as err:
            err.show()
            sys.exit(err.exit_code)
        except MathvizError as err:  # bad input (2) or a failure (1), in one line
            click.echo(f"mathviz: error: {str(err).strip().splitlines()[0]}", err=True)
            sys.exit(err.exit_code)


# Reusable option groups, as decorators (the habit of manim's own CLI).


def quality_option(f):
    from mathviz.pipeline.request import QUALITIES

    return click.option("-q", "--quality", type=click.Choice(list(QUALITIES)), default="high",
                        show_default=True, help="low 480p15, medium 720p30, high 1080p60, 4k 2160p60.")(f)


def look_options(f):
    f = click.option("--aspect", type=click.Choice(list(ASPECTS)), default="16:9", show_default=True,
                     help="Frame shape; layouts adapt to tall frames.")(f)
    return click.option("--theme", type=click.Choice(list(THEMES)), default="dark", show_default=True,
                        help="Colour theme: dark, light (projectors) or contrast.")(f)


def param_option(f):
    return click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
                        help="Set a scene parameter, e.g. -p f='sin(x)' -p x0=1 (repeatable).")(f)


def voice_option(f):
    return click.option("--voice", default="none", show_default=True, metavar="VOICE",
                        help="Narration: none (paced for reading), espeak (offline draft voice), "
                             "piper:MODEL.onnx (a Piper model you have), recorded:DIR[,fallback=none] "
                             "(your own takes; see 'mathviz script').")(f)


def out_option(f):
    return click.option("-o", "--out", type=click.Path(file_okay=False, path_type=Path),
                        default=Path("renders"), show_default=True, help="Output folder.")(f)


def parse_param_pairs(pairs: tuple[str, ...]) -> dict[str, str]:
    values: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise CliError(f"--param {pair!r}: write it as NAME=VALUE, e.g. -p x0=1.5")
        if name.strip() in values:
            raise CliError(f"--param {name.strip()!r} is given twice")
        values[name.strip()] = value.strip()
    return values


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="mathviz")
def main():
    """mathviz: animated, verified explanations of the maths behind machine learning."""


@main.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
def list_scenes(as_json: bool):
    """List every scene with its id, chapter and parameters.

    Your own scenes (listed by a mathviz.toml in this folder) come after the
    catalogue; their files are imported in a worker process to read their parameters.
    """
    specs = registry.all_scenes()
    info = {s.id: _param_info(s) for s in specs}
    if as_json:
        rows = [
            {"id": s.id, "title": s.title, "chapter": s.chapter,
             "params": {k: v["default"] for k, v in info[s.id].items()},
             "file": s.file, "class": s.cls_name, "summary": s.summary, "param_info": info[s.id]}
            for s in specs
        ]
        click.echo(json.dumps(rows, indent=2))
        return
    for s in specs:
        click.echo(f"{s.id:<24} {s.chapter:<16} {s.title}")
        for name, field in info[s.id].items():
            click.echo(f"{'':<26}{name} = {field['default']}")


def _param_info(spec) -> dict:
    """``describe()`` of a scene's parameters; a user's file is asked in a worker process."""
    if not isinstance(spec, registry.FileScene):
        return describe(spec.params)
    from mathviz.pipeline.request import RenderRequest
    from mathviz.pipeline.worker import inspect_file_scene

    found = inspect_file_scene(RenderRequest(spec.id, source=spec.ref))
    if found.get("error"):
        raise InputError(found["error"])
    return found.get("params", {})


@main.command()
@click.argument("ids", nargs=-1)
@click.option("--all", "all_", is_flag=True, help="Render every scene in the catalogue.")
@quality_option
@click.option("--format", "fmt", type=click.Choice(["mp4", "gif", "webm", "mov", "png"]), default=None,
              help="png writes the last frame.  [default: mp4; mov with --transparent]")
@param_option
@click.option("--seed", type=int, default=None, help="Seed for scenes with randomness.")
@look_options
@click.option("--transparent", is_flag=True, help="Alpha channel: a mov (qtrle) unless --format webm or png.")
@voice_option
@out_option
@click.option("--dry-run", is_flag=True, help="Run each scene without writing frames (a quick check).")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array, one object per scene.")
@click.option("-v", "--verbose", is_flag=True, help="Show full tracebacks of failures.")
@click.option("-j", "--jobs", "workers", type=click.IntRange(min=1), default=None, metavar="N",
              help="Renders at once, each in its own process  [default: number of cores]")
@click.option("--force", is_flag=True, help="Render again even when OUT/manifest.json has an up-to-date file.")
@click.option("--scheduler", metavar="ADDRESS", default=None,
              help="Send the renders to a Dask cluster, e.g. tcp://host:8786 (workers need mathviz, not a shared disk).")
@click.option("--save-beats", is_flag=True,
              help="Also cut each video into one clip per beat: OUT/<quality>/<name>.beats/ with index.json.")
def render(ids, all_, quality, fmt, params, seed, theme, aspect, transparent, voice, out, dry_run, as_json, verbose,
           workers, force, scheduler, save_beats):
    """Render scenes by id, or your own as PATH.py:Class (or --all), into OUT/<quality>/<id>.<format>.

    Unchanged renders are reused (reported as cached): OUT/manifest.json records
    each file with a hash of everything that decides its pixels.
    """
    import os
    import time

    from mathviz.pipeline.request import RenderRequest, validate

    if fmt is None:
        fmt = "mov" if transparent else "mp4"
        if transparent:
            click.echo("mathviz: --transparent writes a mov (QuickTime, qtrle with alpha); "
                       "--format webm or png for those", err=True)

    if all_ and ids:
        raise CliError("give scene ids or --all, not both")
    if not all_ and not ids:
        raise CliError("name at least one scene id (see 'mathviz list') or use --all")
    values = parse_param_pairs(params)
    scene_ids = [s.id for s in registry.all_scenes()] if all_ else list(dict.fromkeys(ids))
    if values and len(scene_ids) > 1:
        raise CliError("--param applies to one scene; render scenes with parameters one at a time")
    if save_beats and (dry_run or fmt != "mp4"):
        raise CliError("--save-beats cuts mp4 videos: use it with --format mp4 and without --dry-run")
    jobs = [
        validate(RenderRequest.make(i, values, quality=quality, fmt=fmt, seed=seed, theme=theme,
                                    aspect=aspect, transparent=transparent, voice=voice))
        for i in scene_ids
    ]

    from mathviz.pipeline.batch import BatchOptions, Reporter, run_batch
    from mathviz.pipeline.dask import connect
    from mathviz.pipeline.progress import reporter_for

    client = None
    if scheduler:
        try:
            client = connect(scheduler)
        except OSError as err:
            raise CliError(str(err)) from None
    options = BatchOptions(workers=workers or os.cpu_count() or 1, force=force, dry_run=dry_run, client=client)
    reporter = reporter_for() if (not as_json or sys.stderr.isatty()) else Reporter()
    started = time.monotonic()
    try:
        results = run_batch(jobs, out, options, reporter)
    finally:
        if client is not None:
            client.close()
    wall = time.monotonic() - started
    failed = [r for r in results if r.error]
    for r in results:
        if r.missing_takes:
            click.echo(f"mathviz: {r.id}: {len(r.missing_takes)} take(s) missing, spoken by the fallback: "
                       + ", ".join(r.missing_takes), err=True)
    beat_index = _save_beats(results, as_json) if save_beats else {}
    if as_json:
        click.echo(json.dumps([{**r.public(), **beat_index.get(id(r), {})} for r in results], indent=2))
    else:
        for r in results:
            if r.error:
                click.echo(f"FAILED {r.id}: {r.error}", err=True)
                if verbose and r.traceback:
                    click.echo(r.traceback, err=True)
            else:
                click.echo(r.path or f"{r.id}: ok (dry run, {r.seconds:.1f} s)")
        cached = sum(1 for r in results if r.cached)
        names = f" ({', '.join(r.id for r in failed)})" if failed else ""
        click.echo(f"{len(results) - len(failed) - cached} rendered, {cached} cached, {len(failed)} failed{names}; "
                   f"{sum(r.seconds for r in results):.1f} s of video in {wall:.1f} s", err=True)
    if failed:
        sys.exit(1)


def _save_beats(results, as_json: bool) -> dict:
    """Cut every finished video into beat clips (``render --save-beats``); JSON extras by result."""
    from mathviz.media import NoBeats, beats_folder, save_beats

    extra = {}
    for r in results:
        if r.error or not r.path or id(r) in extra:
            continue
        folder = beats_folder(r.path)
        try:
            spans = save_beats(r.path, r.beats, folder, length=r.seconds or None)
        except NoBeats as err:
            click.echo(f"mathviz: no beat clips for {r.id}: {err}", err=True)
            continue
        extra[id(r)] = {"beat_clips": str(folder / "index.json")}
        if not as_json:
            click.echo(f"{folder}/ ({len(spans)} beat clips)")
    return extra


def _batch_reporter(as_json: bool):
    from mathviz.pipeline.batch import Reporter
    from mathviz.pipeline.progress import reporter_for

    return reporter_for() if (not as_json or sys.stderr.isatty()) else Reporter()


def jobs_option(f):
    f = click.option("--force", is_flag=True, help="Render again even when OUT/manifest.json has an up-to-date file.")(f)
    return click.option("-j", "--jobs", "workers", type=click.IntRange(min=1), default=None, metavar="N",
                        help="Renders at once, each in its own process  [default: number of cores]")(f)


@main.command()
@click.argument("lecture_file", metavar="FILE.toml", type=click.Path(path_type=Path))
@quality_option
@look_options
@out_option
@jobs_option
@voice_option
@click.option("--json", "as_json", is_flag=True, help="Print a JSON object: path, chapters, subtitles and more.")
def lecture(lecture_file, quality, theme, aspect, out, workers, force, voice, as_json):
    """Render a lecture (a TOML file of chapters of scene ids) into one MP4 with chapters.

    Writes OUT/lectures/<quality folder>/<name>.mp4 with chapter markers, <name>.srt and
    <name>.vtt (every scene's subtitles, shifted into place) and
    <name>.chapters.txt ('0:00 Title' lines for video platforms). Scenes come
    from the render cache when they are up to date; a title card opens each chapter.
    """
    from mathviz.pipeline.lecture import LectureError, build_lecture, lecture_parts, load_lecture

    try:
        lec = load_lecture(lecture_file)
        lecture_parts(lec, quality=quality, theme=theme, aspect=aspect, voice=voice)  # every scene's parameters
    except LectureError as err:
        raise CliError(str(err)) from None
    result = build_lecture(lec, out, quality=quality, theme=theme, aspect=aspect, workers=workers,
                           force=force, reporter=_batch_reporter(as_json), voice=voice)
    if result.failed:
        for line in result.failed:
            click.echo(f"FAILED {line}", err=True)
        click.echo(f"lecture not joined: {len(result.failed)} render(s) failed", err=True)
        sys.exit(1)
    if as_json:
        click.echo(json.dumps(result.public(), indent=2))
        return
    click.echo(result.path)
    for path in (result.subtitles, result.webvtt, result.chapters_file):
        click.echo(path)
    click.echo(f"{len(result.chapters)} chapters, {result.seconds:.1f} s, joined by {result.join}; "
               f"{result.rendered} rendered, {result.cached} cached", err=True)


@main.command()
@click.argument("ids", nargs=-1)
@click.option("--lecture", "lecture_file", metavar="FILE.toml", type=click.Path(path_type=Path), default=None,
              help="Make the talk from a lecture file (its title cards included) instead of scene ids.")
@click.option("--to", "formats", type=click.Choice(["html", "pptx"]), multiple=True, default=("html",),
              show_default=True, help="Output format; repeat for both.")
@quality_option
@look_options
@param_option
@out_option
@click.option("--name", default=None, help="Deck name  [default: the lecture file's name, or the scene ids]")
@jobs_option
@voice_option
@click.option("--json", "as_json", is_flag=True, help="Print a JSON object: the deck's files and slides.")
def slides(ids, lecture_file, formats, quality, theme, aspect, params, out, name, workers, force, voice, as_json):
    """Build a slide deck in which every beat is a slide: HTML (reveal.js, works offline) or PPTX.

    Writes OUT/slides/<q>/<name>.html (+ <name>_assets/), OUT/slides/<q>/<name>.pptx and
    the manim-slides folder OUT/slides/<q>/<name>/ ('manim-slides present --folder
    OUT/slides/<q>/<name> <name>'), where <q> is the quality folder (480p15, 1080p60...). Scenes come from the render cache when up to date.
    """
    import os

    from mathviz.pipeline.lecture import LectureError, lecture_parts, load_lecture, look_suffix, output_name
    from mathviz.errors import InputError
    from mathviz.pipeline.request import RenderRequest, validate
    from mathviz.pipeline.slides import DeckPart, SlidesError, build_deck, deck_name

    if bool(ids) == bool(lecture_file):
        raise CliError("give scene ids or --lecture FILE.toml (one of them)")
    values = parse_param_pairs(params)
    try:
        if lecture_file:
            if values:
                raise CliError("--param does not apply to --lecture; set parameters in the lecture file")
            lec = load_lecture(lecture_file)
            parts = lecture_parts(lec, quality=quality, theme=theme, aspect=aspect, voice=voice)
            entries = [(p.job, p.title, p.kind) for p in parts]
            default_name, title = output_name(lec, theme, aspect), lec.title
        else:
            scene_ids = list(dict.fromkeys(ids))
            if values and len(scene_ids) > 1:
                raise CliError("--param applies to one scene; give one scene id with --param")
            entries = [(validate(RenderRequest.make(i, values, quality=quality, theme=theme, aspect=aspect,
                                                    voice=voice)),
                        registry.get(i).title, "scene") for i in scene_ids]
            default_name = "+".join(job.scene_id for job, _, _ in entries) + look_suffix(theme, aspect)
            title = entries[0][1] if len(entries) == 1 else ", ".join(e[1] for e in entries)
    except (LectureError, InputError) as err:
        raise CliError(str(err)) from None
    name = deck_name(name or default_name)

    from mathviz.pipeline.batch import BatchOptions, run_batch

    options = BatchOptions(workers=workers or os.cpu_count() or 1, force=force)
    results = run_batch([job for job, _, _ in entries], out, options, _batch_reporter(as_json))
    failed = [r for r in results if r.error or not r.path]
    if failed:
        for r in failed:
            click.echo(f"FAILED {r.id}: {r.error}", err=True)
        sys.exit(1)
    deck = [DeckPart(job.scene_id, title_, r.path, r.beats, r.seconds, kind)
            for (job, title_, kind), r in zip(entries, results)]
    try:
        made = build_deck(deck, out, name, formats=list(dict.fromkeys(formats)), theme=theme, title=title,
                          quality=quality)
    except SlidesError as err:
        click.echo(f"mathviz: error: {err}", err=True)
        sys.exit(1)
    if as_json:
        click.echo(json.dumps({**made.public(), "rendered": sum(1 for r in results if not r.cached),
                               "cached": sum(1 for r in results if r.cached)}, indent=2))
        return
    for path in made.outputs.values():
        click.echo(path)
    click.echo(f"{made.slides} slides; present with: {made.present}", err=True)


@main.command()
@click.argument("scene_id", metavar="ID")
@click.option("--at", "at", type=float, default=None, metavar="SECONDS",
              help="The frame shown at this time of the video.")
@click.option("--beat", "beat", type=int, default=None, metavar="N",
              help="The end of beat N (from 1): where a presenter pauses.  [default: the last frame]")
@quality_option
@param_option
@click.option("--seed", type=int, default=None, help="Seed for scenes with randomness.")
@look_options
@click.option("--transparent", is_flag=True, help="Transparent background (an RGBA PNG).")
@out_option
@click.option("--json", "as_json", is_flag=True,
              help="Print a JSON object: path, overflow (the layout report of this frame), beats and more.")
@click.option("-v", "--verbose", is_flag=True, help="Show the full traceback of a failure.")
def still(scene_id, at, beat, quality, params, seed, theme, aspect, transparent, out, as_json, verbose):
    """Write one frame of a scene as OUT/stills/<quality>/<id>[--variant]--<moment>.png.

    Only the animation holding the frame is drawn; the ones before it are
    fast-forwarded. The layout report lists what sits outside the frame or
    on its edge at that moment (empty when the layout is clean).
    """
    from mathviz.errors import InputError
    from mathviz.pipeline.request import RenderRequest
    from mathviz.pipeline.still import render_still, validate_still

    try:
        job = validate_still(RenderRequest.make(scene_id, parse_param_pairs(params), quality=quality, seed=seed,
                                                theme=theme, aspect=aspect, transparent=transparent), at, beat)
    except InputError as err:
        raise CliError(str(err)) from None
    result = render_still(job, out)
    if result.input_error:
        raise CliError(result.error)
    if as_json:
        click.echo(json.dumps(result.public(), indent=2))
    elif not result.error:
        click.echo(result.path)
        for problem in result.overflow:
            click.echo(f"layout: {problem}", err=True)
    if result.error:
        click.echo(f"FAILED {scene_id}: {result.error}", err=True)
        if verbose and result.traceback:
            click.echo(result.traceback, err=True)
        sys.exit(1)


@main.command()
@click.argument("ids", nargs=-1)
@click.option("--all", "all_", is_flag=True, help="Check every scene in the catalogue (and your configured ones).")
@click.option("--theme", "themes", type=click.Choice(list(THEMES)), multiple=True,
              help="A theme to check (repeatable)  [default: dark]")
@click.option("--all-themes", is_flag=True, help="Check every theme.")
@click.option("--aspect", "aspects", type=click.Choice(list(ASPECTS)), multiple=True,
              help="An aspect to check (repeatable)  [default: 16:9]")
@click.option("--all-aspects", is_flag=True, help="Check every aspect.")
@click.option("-q", "--quality", type=click.Choice(["low", "medium", "high", "4k"]), default="low", show_default=True,
              help="The frame size that text sizes are judged at (pixel limits scale with it).")
@param_option
@click.option("--seed", type=int, default=None, help="Seed for scenes with randomness.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per scene, theme and aspect, with its findings.")
@click.option("--storyboard", "storyboard_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Write DIR/<id>--<theme>--<aspect>.png: the end of every beat, labelled.")
@click.option("-j", "--jobs", "workers", type=click.IntRange(min=1), default=None, metavar="N",
              help="Scenes checked at once  [default: number of cores]")
def check(ids, all_, themes, all_themes, aspects, all_aspects, quality, params, seed, as_json, storyboard_dir,
          workers):
    """Find what a viewer would notice: text off the frame, over text, crossed by lines, too small,
    without contrast, or narration too fast to read. Exit 1 when anything is found.

    Each scene runs without encoding video and is inspected at the end of every beat.
    """
    import os

    from mathviz.pipeline.check import KINDS, run_checks
    from mathviz.pipeline.cachekey import tool_versions
    from mathviz.pipeline.request import RenderRequest, validate

    if all_ and ids:
        raise CliError("give scene ids or --all, not both")
    if not all_ and not ids:
        raise CliError("name at least one scene id (see 'mathviz list') or use --all")
    if all_themes and themes:
        raise CliError("give --theme or --all-themes, not both")
    if all_aspects and aspects:
        raise CliError("give --aspect or --all-aspects, not both")
    values = parse_param_pairs(params)
    scene_ids = [s.id for s in registry.all_scenes()] if all_ else list(dict.fromkeys(ids))
    if values and len(scene_ids) > 1:
        raise CliError("--param applies to one scene; check scenes with parameters one at a time")
    theme_list = list(THEMES) if all_themes else list(dict.fromkeys(themes or ("dark",)))
    aspect_list = list(ASPECTS) if all_aspects else list(dict.fromkeys(aspects or ("16:9",)))
    jobs = [validate(RenderRequest.make(i, values, quality=quality, seed=seed, theme=theme_list[0],
                                        aspect=aspect_list[0])) for i in scene_ids]
    looks = [(t, a) for t in theme_list for a in aspect_list]
    cache_root = Path("renders") / ".cache" / f"manim-{tool_versions()['manim']}"
    runs = run_checks([j.request for j in jobs], looks, storyboard_dir=storyboard_dir,
                      workers=workers or os.cpu_count() or 1, cache_root=cache_root)
    found = sum(len(r.findings) for r in runs)
    failed = [r for r in runs if r.error]
    if as_json:
        for run in runs:
            click.echo(json.dumps(run.public()))
    else:
        for run in runs:
            where = f"{run.id} [{run.theme}, {run.aspect}]"
            if run.error:
                click.echo(f"FAILED {where}: {run.error}", err=True)
            for f in run.findings:
                click.echo(f"{where} beat {f['beat']} ({f['beat_name']}): {f['kind']}: {f['detail']}")
        by_kind = {k: sum(1 for r in runs for f in r.findings if f["kind"] == k) for k in KINDS}
        summary = ", ".join(f"{n} {k}" for k, n in by_kind.items() if n) or "nothing found"
        click.echo(f"checked {len(jobs)} scene(s) in {len(looks)} look(s): {summary}"
                   + (f"; {len(failed)} failed" if failed else ""), err=True)
        if storyboard_dir is not None:
            click.echo(f"storyboards in {storyboard_dir}/", err=True)
    sys.exit(1 if found or failed else 0)


@main.command()
@click.argument("ids", nargs=-1)
@click.option("--lecture", "lecture_file", metavar="FILE.toml", type=click.Path(path_type=Path), default=None,
              help="Every scene of a lecture file, its title cards included, in order.")
@param_option
@click.option("--json", "as_json", is_flag=True, help="A JSON array: one object per beat.")
@click.option("--draft/--no-draft", default=True, show_default=True,
              help="Time each beat with the draft voice (espeak-ng), as a guide for recording.")
def script(ids, lecture_file, params, as_json, draft):
    """Print the recording script: every beat's narration and the file its take goes in.

    Record each beat as OUT_DIR/<recording> (WAV, FLAC or MP3, any sample rate; silence
    at either end is trimmed), then render with --voice recorded:OUT_DIR.
    """
    from mathviz.pipeline.narration import parse_voice, recording_path, speech_seconds
    from mathviz.pipeline.request import RenderRequest, take_name, validate

    if bool(ids) == bool(lecture_file):
        raise CliError("give scene ids or --lecture FILE.toml (one of them)")
    values = parse_param_pairs(params)
    if lecture_file:
        from mathviz.pipeline.lecture import lecture_parts, load_lecture

        if values:
            raise CliError("--param does not apply to --lecture; set parameters in the lecture file")
        jobs = [p.job for p in lecture_parts(load_lecture(lecture_file), quality="low")]
    else:
        scene_ids = list(dict.fromkeys(ids))
        if values and len(scene_ids) > 1:
            raise CliError("--param applies to one scene; give one scene id with --param")
        jobs = [validate(RenderRequest.make(i, values, quality="low")) for i in scene_ids]
    voice = parse_voice("espeak") if draft else None
    speech = Path("renders") / ".cache" / "speech"
    from mathviz.pipeline.batch import BatchOptions, Reporter, run_batch

    results = run_batch(jobs, Path("renders"), BatchOptions(dry_run=True), Reporter())
    rows = []
    for job, result in zip(jobs, results):
        if result.error:
            raise MathvizError(f"{job.scene_id}: {result.error}")
        for index, beat in enumerate(result.beats, start=1):
            seconds = None
            if voice is not None and beat["narration"].strip():
                seconds = round(speech_seconds(voice.synthesise(beat["narration"], speech)), 2)
            rows.append({"scene": job.scene_id, "index": index, "name": beat["name"],
                         "narration": beat["narration"], "draft_seconds": seconds,
                         "recording": recording_path(take_name(job.request), index, beat["name"])})
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    for row in rows:
        length = f"  ({row['draft_seconds']:.1f} s with the draft voice)" if row["draft_seconds"] else ""
        click.echo(f"{row['recording']}{length}\n    {row['narration']}\n")


@main.command()
def doctor():
    """Check LaTeX, dvisvgm, cairo and pango; print the fix for each failure."""
    from mathviz.pipeline.doctor import run_checks

    ok = True
    for check in run_checks():
        mark = "ok  " if check.ok else "FAIL"
        click.echo(f"[{mark}] {check.name}: {check.detail}")
        if not check.ok:
            ok = False
            click.echo(f"       fix: {check.fix}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
