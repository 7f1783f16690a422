"""Benchmarks of Academy: a generator of realistic academies, build timings and in-browser filter timings."""
