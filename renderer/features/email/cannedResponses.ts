/** A small local list; a hub-managed library would replace it (no contract for one yet). */
export const cannedResponses: ReadonlyArray<Readonly<{ id: string; title: string; text: string }>> = [
  { id: 'thanks', title: 'Thanks for getting in touch', text: 'Thank you for getting in touch. I am looking into this for you now.' },
  { id: 'order', title: 'Ask for the order number', text: 'Could you send me your order number so I can find it in our system?' },
  { id: 'resolved', title: 'Resolved', text: 'This should now be resolved. If anything is still not right, just reply to this email.' },
  {
    id: 'escalated',
    title: 'Escalated',
    text: 'I have passed this to our specialist team; they will get back to you within one working day.',
  },
];
