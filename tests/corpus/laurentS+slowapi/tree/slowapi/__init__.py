from .extension import Limiter, _rate_limit_exceeded_handler
