import { createSlice } from '@reduxjs/toolkit';
import type { TopicSpike, VocProgress } from '../../../services/contracts';
import { pushed } from '../../app/hubActions';

type VocState = { progress: VocProgress | null; spikes: TopicSpike[] };

const initialState: VocState = { progress: null, spikes: [] };

/** Pushed analysis progress and spike alerts (UI state; the figures themselves are RTK Query reads). */
export const vocSlice = createSlice({
  name: 'voc',
  initialState,
  reducers: {
    spikeDismissed(state, action: { payload: number }) {
      state.spikes = state.spikes.filter((s) => s.topicId !== action.payload);
    },
  },
  extraReducers: (builder) => {
    builder.addCase(pushed['voc/progress'], (state, action) => {
      state.progress = action.payload;
    });
    builder.addCase(pushed['voc/spike'], (state, action) => {
      state.spikes = [action.payload, ...state.spikes.filter((s) => s.topicId !== action.payload.topicId)].slice(0, 5);
    });
  },
});

export const { spikeDismissed } = vocSlice.actions;
