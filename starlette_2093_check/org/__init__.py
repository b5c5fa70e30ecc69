"""Organisation-wide scans: many repositories read through the GitHub API, one report.

``api`` talks to GitHub (listing, git trees and blobs, the rate limit), ``fetch`` lays a repository's
manifests out on disk, ``scan`` runs the pipeline over all of them with each distinct version
reproduced once, ``merge`` joins the reports of shards deterministically.
"""
