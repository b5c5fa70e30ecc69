from starlette.middleware import Middleware as Middleware
