__version__ = "1.0.0"

from .actions import ActionSelection as ActionSelection
from .actions import action as action
from .actions import link_row_action as link_row_action
from .actions import row_action as row_action
from .base import BaseAdmin as BaseAdmin
from .fields import ArrowField as ArrowField
from .fields import BaseField as BaseField
from .fields import BooleanField as BooleanField
from .fields import CollectionField as CollectionField
from .fields import ColorField as ColorField
from .fields import ComputedField as ComputedField
from .fields import CountryField as CountryField
from .fields import CurrencyField as CurrencyField
from .fields import DateField as DateField
from .fields import DateTimeField as DateTimeField
from .fields import DecimalField as DecimalField
from .fields import EmailField as EmailField
from .fields import EnumField as EnumField
from .fields import FileField as FileField
from .fields import FloatField as FloatField
from .fields import HasMany as HasMany
from .fields import HasOne as HasOne
from .fields import ImageField as ImageField
from .fields import IntegerField as IntegerField
from .fields import IPAddressField as IPAddressField
from .fields import JSONField as JSONField
from .fields import ListField as ListField
from .fields import NumberField as NumberField
from .fields import PasswordField as PasswordField
from .fields import PhoneField as PhoneField
from .fields import RelationField as RelationField
from .fields import SlugField as SlugField
from .fields import StringField as StringField
from .fields import TagsField as TagsField
from .fields import TextAreaField as TextAreaField
from .fields import TimeField as TimeField
from .fields import TimeZoneField as TimeZoneField
from .fields import TinyMCEEditorField as TinyMCEEditorField
from .fields import URLField as URLField
from .fields import UUIDField as UUIDField
from .flash import flash as flash
from .flash import get_flashed_messages as get_flashed_messages
from .i18n import I18nConfig as I18nConfig
from .i18n import TimezoneConfig as TimezoneConfig
from .plugins import BasePlugin as BasePlugin
from .plugins import PluginError as PluginError
from .routing import route as route
from .theme import BaseTheme as BaseTheme
from .theme import DefaultTheme as DefaultTheme
from .theme import TablerSettings as TablerSettings
from .types import RequestAction as RequestAction
from .types import RowActionsDisplayType as RowActionsDisplayType
from .types import RowActionsPosition as RowActionsPosition
from .views import BaseModelView as BaseModelView
from .views import CustomView as CustomView
from .views import DefaultIndexView as DefaultIndexView
from .views import DropDown as DropDown
from .views import InlineModelView as InlineModelView
from .views import Link as Link
from .widgets import BaseWidget as BaseWidget
from .widgets import Breakpoints as Breakpoints
from .widgets import CardRowWidget as CardRowWidget
from .widgets import ChartWidget as ChartWidget
from .widgets import Col as Col
from .widgets import ColumnWidget as ColumnWidget
from .widgets import DividerWidget as DividerWidget
from .widgets import FieldRef as FieldRef
from .widgets import FieldsetWidget as FieldsetWidget
from .widgets import GridWidget as GridWidget
from .widgets import HtmlWidget as HtmlWidget
from .widgets import PanelWidget as PanelWidget
from .widgets import RowWidget as RowWidget
from .widgets import StatWidget as StatWidget
from .widgets import TableWidget as TableWidget
from .widgets import TabsWidget as TabsWidget
from .widgets import TextWidget as TextWidget

__all__ = [
    "ActionSelection",
    "ArrowField",
    "BaseAdmin",
    "BaseField",
    "BaseModelView",
    "BaseTheme",
    "BaseWidget",
    "BooleanField",
    "Breakpoints",
    "CardRowWidget",
    "ChartWidget",
    "Col",
    "CollectionField",
    "ColorField",
    "ColumnWidget",
    "ComputedField",
    "CountryField",
    "CurrencyField",
    "CustomView",
    "DateField",
    "DateTimeField",
    "DecimalField",
    "DefaultIndexView",
    "DefaultTheme",
    "DividerWidget",
    "DropDown",
    "EmailField",
    "EnumField",
    "FieldRef",
    "FieldsetWidget",
    "FileField",
    "FloatField",
    "GridWidget",
    "HasMany",
    "HasOne",
    "HtmlWidget",
    "I18nConfig",
    "IPAddressField",
    "ImageField",
    "InlineModelView",
    "IntegerField",
    "JSONField",
    "Link",
    "ListField",
    "NumberField",
    "PanelWidget",
    "PasswordField",
    "PhoneField",
    "RelationField",
    "RequestAction",
    "RowActionsDisplayType",
    "RowActionsPosition",
    "RowWidget",
    "SlugField",
    "StatWidget",
    "StringField",
    "TableWidget",
    "TablerSettings",
    "TabsWidget",
    "TagsField",
    "TextAreaField",
    "TextWidget",
    "TimeField",
    "TimeZoneField",
    "TimezoneConfig",
    "TinyMCEEditorField",
    "URLField",
    "UUIDField",
    "action",
    "flash",
    "get_flashed_messages",
    "link_row_action",
    "route",
    "row_action",
]
