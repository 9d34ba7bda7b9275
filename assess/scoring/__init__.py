"""SPEC §3: from stored scores to K, C, stars, grades, ranks, quadrants and correlations."""
