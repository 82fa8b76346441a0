"""The post-build steps: each a run(site_dir, project) over the built files, in the order of
macros/build.py STEPS."""
