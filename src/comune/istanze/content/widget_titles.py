"""Accessible names for the attachment rows of the type's edit form.

The data grid draws each row's inputs under the table's column headers,
without a <label>: a ``title`` (z3c.form widget attribute adapter) names
each input for screen readers (axe: label)."""

from comune.istanze.content.application_type import IAttachmentSpec
from z3c.form.widget import StaticWidgetAttribute


attachment_name_title = StaticWidgetAttribute(
    IAttachmentSpec["name"].title, field=IAttachmentSpec["name"])
attachment_types_title = StaticWidgetAttribute(
    IAttachmentSpec["mime_types"].title, field=IAttachmentSpec["mime_types"])
attachment_size_title = StaticWidgetAttribute(
    IAttachmentSpec["max_size_mb"].title, field=IAttachmentSpec["max_size_mb"])
attachment_name_en_title = StaticWidgetAttribute(
    IAttachmentSpec["name_en"].title, field=IAttachmentSpec["name_en"])
