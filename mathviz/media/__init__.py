"""Every video operation in one place, with PyAV (no manim): probe, frames, PNG, GIF, H.264
settings, cut, join, chapters, subtitles and beat clips.

============  ===========================================================================
module        what it does
============  ===========================================================================
``probe``     :func:`video_info`, :func:`count_frames` (the one frame count),
              :func:`stream_signature`, :func:`x264_settings`
``frames``    :func:`frames_at`, :func:`last_frame`, :func:`poster_frame`, :func:`save_png`,
              :func:`read_png`, :func:`contact_sheet`
``encode``    :data:`X264_PRESET`, :func:`h264_stream`: the one H.264 setting
``gif``       :func:`write_gif` and the GIF limits
``edit``      :func:`join_videos`, :func:`cut_video` (copy packets, else re-encode)
``chapters``  MP4 chapter markers, :func:`format_chapter_list`, :func:`chapter_stamp`
``subtitles`` :class:`Cue`, :func:`parse_srt`, :func:`format_srt`, :func:`format_vtt`,
              :func:`merge_cues`
``beats``     :func:`save_beats`: a video cut into one clip per beat
``audio``     :func:`read_audio`, :func:`trim_silence`, :func:`mix`, :func:`loudness`,
              :func:`normalise_loudness`, :func:`mux_audio`, :func:`audio_track`,
              :func:`speech_spans`: narration tracks (PyAV, numpy, pyloudnorm)
============  ===========================================================================

Everything is importable from here (``from mathviz.media import join_videos``). Every
output appears atomically (:mod:`mathviz.files`); failures are :mod:`mathviz.errors`.

``python -m mathviz.media VIDEO OUT.png [--at 1,5,12] [--cols 2]`` writes a contact
sheet of the frames at those seconds (default: six evenly spaced).
"""

from __future__ import annotations

from mathviz.media.audio import (
    audio_track, loudness, mix, mux_audio, normalise_loudness, probe_audio, read_audio, seconds, speech_spans,
    trim_silence,
)
from mathviz.media.beats import NoBeats, beat_spans, beats_folder, save_beats, slug
from mathviz.media.chapters import chapter_entries, chapter_stamp, format_chapter_list
from mathviz.media.edit import JOIN_METHODS, Incompatible, JoinResult, cut_video, join_videos
from mathviz.media.encode import H264_PIX_FMT, X264_CRF, X264_PRESET, h264_frame, h264_stream, x264_options
from mathviz.media.frames import contact_sheet, frames_at, is_blank, last_frame, poster_frame, read_png, save_png
from mathviz.media.gif import GIF_COLOURS, GIF_FPS, GIF_SHORT_SIDE, write_gif
from mathviz.media.probe import count_frames, nominal_rate, stream_signature, video_info, x264_settings
from mathviz.media.subtitles import Cue, format_srt, format_vtt, merge_cues, parse_srt

__all__ = [
    "audio_track", "loudness", "mix", "mux_audio", "normalise_loudness", "probe_audio", "read_audio", "seconds",
    "speech_spans", "trim_silence",
    "Cue", "GIF_COLOURS", "GIF_FPS", "GIF_SHORT_SIDE", "H264_PIX_FMT", "Incompatible", "JOIN_METHODS",
    "JoinResult", "NoBeats", "X264_CRF", "X264_PRESET", "beat_spans", "beats_folder", "chapter_entries",
    "chapter_stamp", "contact_sheet", "count_frames", "cut_video", "format_chapter_list", "format_srt",
    "format_vtt", "frames_at", "h264_frame", "h264_stream", "is_blank", "join_videos", "last_frame", "merge_cues",
    "nominal_rate", "parse_srt", "poster_frame", "read_png", "save_beats", "save_png", "slug", "stream_signature",
    "video_info", "write_gif", "x264_options", "x264_settings",
]
