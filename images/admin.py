from django import forms
from django.contrib import admin
from django.utils.html import format_html

from .inspection import ImageRefused, accepted_names, check_size, inspect_image
from .models import Image
from .services import image_delete, image_save, image_store
from .storage import undone_on_error

PREVIEW_WIDTH = 640


class ImageAdminForm(forms.ModelForm):
    """Text and focal point of an image; on adding it, the file too."""

    upload = forms.FileField(
        label="Image file",
        help_text=f"A {accepted_names()}; judged by its content, not its name.",
    )

    class Meta:
        model = Image
        fields = ["alt", "decorative", "caption", "credit", "focal_x", "focal_y"]
        widgets = {
            "focal_x": forms.NumberInput(attrs={"step": "0.01", "min": 0, "max": 1}),
            "focal_y": forms.NumberInput(attrs={"step": "0.01", "min": 0, "max": 1}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.inspected = self.data_bytes = None
        if self.instance.pk:
            del self.fields["upload"]

    def clean_upload(self):
        upload = self.cleaned_data["upload"]
        try:
            check_size(upload.size)
            self.data_bytes = upload.read()
            self.inspected = inspect_image(self.data_bytes)
        except ImageRefused as refused:
            raise forms.ValidationError(f"Refused: {refused.reason}.") from None
        return upload

    def clean(self):
        cleaned = super().clean()
        if (
            not cleaned.get("alt", "").strip()
            and not cleaned.get("decorative")
            and self.instance.pk
            and Image.objects.used().filter(pk=self.instance.pk).exists()
        ):
            self.add_error(
                "alt",
                "Readers are shown this image: it needs alt text, or tick "
                "“decorative”.",
            )
        return cleaned


class UseFilter(admin.SimpleListFilter):
    title = "use"
    parameter_name = "use"

    def lookups(self, request, model_admin):
        return [("used", "Used"), ("unused", "Unused")]

    def queryset(self, request, queryset):
        if self.value() == "used":
            return queryset.used()
        if self.value() == "unused":
            return queryset.unused()
        return queryset


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    form = ImageAdminForm
    list_display = ["thumbnail", "__str__", "credit", "size", "used", "uploaded_at"]
    list_display_links = ["thumbnail", "__str__"]
    list_filter = [UseFilter, "uploaded_at"]
    list_select_related = ["uploaded_by"]
    search_fields = ["caption", "credit", "alt"]
    readonly_fields = ["preview", "size", "format", "uploaded_by", "uploaded_at"]
    fieldsets = [
        (None, {"fields": ["upload", "preview", "alt", "decorative"]}),
        ("Focal point", {"fields": ["focal_x", "focal_y"]}),
        (None, {"fields": ["caption", "credit"]}),
        ("File", {"fields": ["size", "format", "uploaded_by", "uploaded_at"]}),
    ]

    class Media:
        js = ["js/focal_point.js"]
        css = {"all": ["css/admin.css"]}

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return fieldsets[:-1]
        return [
            (name, {"fields": [f for f in opts["fields"] if f != "upload"]})
            for name, opts in fieldsets
        ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_use()

    @admin.display(description="picture")
    def thumbnail(self, image):
        smallest = image.renditions_for("card")[:1]
        if not smallest:
            return "—"
        return format_html(
            '<img class="image-thumbnail" src="{}" width="{}" height="{}" alt="">',
            smallest[0].url,
            smallest[0].width,
            smallest[0].height,
        )

    @admin.display(description="preview")
    def preview(self, image):
        widths = image.renditions_for("width") if image.pk else []
        shown = next((r for r in widths if r.width >= PREVIEW_WIDTH), None)
        shown = shown or (widths[-1] if widths else None)
        return format_html(
            '<canvas id="focal-point-preview" class="focal-point-preview" '
            'data-max-width="{}" data-src="{}" role="img" aria-label="{}"{}>'
            "</canvas>"
            '<p class="help">Click the picture where it must never be cropped '
            "away (a face, the subject): crops for cards and sharing are cut "
            "around that point. The two numbers below set it from the keyboard."
            "</p>",
            PREVIEW_WIDTH,
            shown.url if shown else "",
            "Preview: click to set the focal point",
            " hidden" if shown is None else "",
        )

    @admin.display(description="size")
    def size(self, image):
        return f"{image.width} × {image.height}" if image.pk else ""

    @admin.display(description="used", boolean=True, ordering="in_use")
    def used(self, image):
        return image.in_use

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # Files saved for a form whose save then fails are deleted again.
        with undone_on_error():
            return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        if change:
            image_save(image=obj)
            return
        obj.uploaded_by = request.user
        image_store(image=obj, data=form.data_bytes, inspected=form.inspected)

    def delete_model(self, request, obj):
        image_delete(image=obj)

    def delete_queryset(self, request, queryset):
        for image in queryset:
            image_delete(image=image)
