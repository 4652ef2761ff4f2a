import { createSlice } from '@reduxjs/toolkit';
import type { LiveBoard } from '../../../services/contracts';
import { pushed } from '../../app/hubActions';
import { signedOut } from '../session/sessionSlice';
import { supervisionApi } from './supervisionApi';

export type SupervisionState = Readonly<{
  /** The latest board, pushed or pulled; older ones are dropped (`at` only moves forward). */
  board: LiveBoard | null;
}>;

const initialState: SupervisionState = { board: null };

const newer = (current: LiveBoard | null, next: LiveBoard): boolean => current === null || next.at >= current.at;

/** The live board. The agent grid is not here: it is the `supervisor/agents` cache, patched by pushes. */
export const supervisionSlice = createSlice({
  name: 'supervision',
  initialState,
  reducers: {},
  extraReducers: (builder) => {
    builder
      .addCase(pushed['metrics/live'], (state, action) => {
        if (newer(state.board, action.payload)) state.board = action.payload;
      })
      .addCase(signedOut, () => initialState)
      .addMatcher(supervisionApi.endpoints.metricsLive.matchFulfilled, (state, action) => {
        if (newer(state.board, action.payload)) state.board = action.payload;
      });
  },
});
