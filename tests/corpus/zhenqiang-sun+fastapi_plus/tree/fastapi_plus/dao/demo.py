from fastapi_plus.dao.base import BaseDao


class DemoDao(BaseDao):
    pass
