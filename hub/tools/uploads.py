"""Receiving the chronology files in memory only, capped, so no upload ever reaches the disk.

Django writes an upload bigger than ``FILE_UPLOAD_MAX_MEMORY_SIZE`` to a temporary file. The
chronology builder promises that nothing a practitioner sends is kept, so its view receives
files through this handler instead: each file is held in memory up to one byte more than the
limit and the rest is thrown away as it arrives, so the reader can still say the file is too big.
"""

from __future__ import annotations

import io

from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler

from hub.tools.chronology import MAX_FILE_BYTES


class CappedMemoryUploadHandler(FileUploadHandler):
    limit = MAX_FILE_BYTES + 1

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.buffer = io.BytesIO()
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        room = self.limit - self.buffer.tell()
        if room > 0:
            self.buffer.write(raw_data[:room])
        self.received += len(raw_data)
        return None

    def file_complete(self, file_size):
        self.buffer.seek(0)
        return InMemoryUploadedFile(
            file=self.buffer,
            field_name=self.field_name,
            name=self.file_name,
            content_type=self.content_type,
            size=self.received,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )
