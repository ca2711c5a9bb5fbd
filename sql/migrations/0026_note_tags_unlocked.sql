-- Tags are filing labels, not part of the signed clinical record: a clinician may re-file a
-- signed note (remove a tag) without an addendum. The note itself stays locked (0022).

drop trigger note_tags_signed_lock on note_tags;
drop function note_tags_refuse_signed_delete();
