import type { MeetingEntity, MeetingSlotEntity } from './dialogue.entities';

const iso = (d: Date | null) => (d === null ? null : d.toISOString());
/** When a slot's time is over: minutes are recorded only after it. */
export const slotEnd = (slot: MeetingSlotEntity) => new Date(slot.startsAt.getTime() + slot.durationMinutes * 60_000);

function slotTimes(slot: MeetingSlotEntity | undefined) {
  return { slotId: slot?.id ?? null, startsAt: slot ? iso(slot.startsAt) : null, endsAt: slot ? iso(slotEnd(slot)) : null };
}

/** The officer's view of a slot: who booked it, if anyone. */
export function officerSlot(slot: MeetingSlotEntity, booking: { meeting: MeetingEntity; name: string | null } | undefined) {
  return {
    id: slot.id,
    startsAt: iso(slot.startsAt),
    endsAt: iso(slotEnd(slot)),
    durationMinutes: slot.durationMinutes,
    booking: booking
      ? { meetingId: booking.meeting.id, businessId: booking.meeting.businessId, name: booking.name, bookedAt: iso(booking.meeting.bookedAt) }
      : null,
  };
}

/** A slot a supplier may still book: who booked the others is never shown. */
export function freeSlot(slot: MeetingSlotEntity) {
  return { id: slot.id, startsAt: iso(slot.startsAt), endsAt: iso(slotEnd(slot)), durationMinutes: slot.durationMinutes };
}

export function meeting(m: MeetingEntity, slot: MeetingSlotEntity | undefined, name: string | null = null) {
  return {
    id: m.id,
    roundId: m.roundId,
    businessId: m.businessId,
    name,
    durationMinutes: m.durationMinutes,
    offeredAt: iso(m.offeredAt),
    ...slotTimes(slot),
    bookedAt: iso(m.bookedAt),
    declinedAt: iso(m.declinedAt),
    heldAt: iso(m.heldAt),
    minutes: m.minutes,
    sharedMaterial: m.sharedMaterial,
  };
}

/** A supplier sees its own meeting; minutes stay with the buyer, shared material goes to everyone. */
export function meetingForSupplier(m: MeetingEntity, slot: MeetingSlotEntity | undefined) {
  return {
    id: m.id,
    roundId: m.roundId,
    durationMinutes: m.durationMinutes,
    offeredAt: iso(m.offeredAt),
    ...slotTimes(slot),
    bookedAt: iso(m.bookedAt),
    declinedAt: iso(m.declinedAt),
    heldAt: iso(m.heldAt),
  };
}
