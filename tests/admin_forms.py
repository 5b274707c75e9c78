"""Turning a rendered admin change page back into the POST its Save button sends."""

from django import forms


def change_form_data(response, **changes) -> dict:
    """The form and inline data as the page holds them, with `changes` applied."""
    context = response.context
    every_form = [context["adminform"].form]
    for inline in context["inline_admin_formsets"]:
        every_form += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for form in every_form:
        for bound in form:
            value = bound.value()
            if bound.field.disabled or value is None or value is False:
                continue
            if isinstance(bound.field.widget, forms.MultiWidget):
                parts = bound.field.widget.decompress(value)
                for index, part in enumerate(parts):
                    data[f"{bound.html_name}_{index}"] = "" if part is None else part
            else:
                data[bound.html_name] = value
    data.update(changes)
    return data
