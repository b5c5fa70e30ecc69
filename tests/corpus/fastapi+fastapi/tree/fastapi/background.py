from starlette.background import BackgroundTasks as BackgroundTasks  # noqa
